package se.sakervard.alerting;

import java.util.Collection;
import java.util.Objects;
import se.sakervard.schemas.pipeline.Level;

/**
 * A hospital-level alert that fires suppresses the matching unit-level alerts of the same hospital,
 * and only of that hospital (domain.md §5): the physician who knows the hospital is overcrowded
 * need not be told of each overcrowded unit. Rules match when they watch the same indicator, or
 * both watch the here-and-now level.
 */
public final class Inhibition {
  private Inhibition() {}

  /** An alert of a rule on a place, as it stands. */
  public record ActiveAlert(AlertRule rule, Place place, AlertEpisode.Status status) {

    boolean firing() {
      return status == AlertEpisode.Status.FIRING || status == AlertEpisode.Status.ACKNOWLEDGED;
    }
  }

  /** Whether {@code alert} is held back by one of {@code others}. */
  public static boolean inhibited(ActiveAlert alert, Collection<ActiveAlert> others) {
    if (alert.place().level() != Level.UNIT) {
      return false;
    }
    return others.stream()
        .anyMatch(
            o ->
                o.place().level() == Level.HOSPITAL
                    && o.firing()
                    && Objects.equals(o.place().hospitalCode(), alert.place().hospitalCode())
                    && matches(o.rule(), alert.rule()));
  }

  static boolean matches(AlertRule hospitalRule, AlertRule unitRule) {
    if (hospitalRule instanceof ThresholdRule h && unitRule instanceof ThresholdRule u) {
      return h.indicator().equals(u.indicator());
    }
    return hospitalRule instanceof LevelRule && unitRule instanceof LevelRule;
  }
}
