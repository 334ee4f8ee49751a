package se.sakervard.alerting.notify;

import java.util.Collection;
import java.util.Objects;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.rules.AlertEpisode;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;
import se.sakervard.alerting.rules.Urgency;
import se.sakervard.schemas.pipeline.Level;

/**
 * A hospital-level alert that fires suppresses the matching unit-level alerts of the same hospital,
 * and only of that hospital (docs/alerting.md): the physician who knows the hospital is overcrowded
 * need not be told of each overcrowded unit. Rules match when they watch the same indicator, or
 * both watch the here-and-now level. A firing level alert of a hospital that paged (act now) also
 * holds back the hospital's own alerts on the census's figures: its page already gave them as the
 * level's reasons, and a second page about the same beds an hour later asks nothing new (the other
 * way round, a hospital turning critical while its overcrowding alert fires, still pages).
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
    if (alert.place().level() == Level.HOSPITAL) {
      return alert.rule() instanceof ThresholdRule t
          && t.indicator().startsWith("census.")
          && others.stream()
              .anyMatch(
                  o ->
                      o.place().level() == Level.HOSPITAL
                          && o.firing()
                          && o.rule() instanceof LevelRule
                          && o.rule().urgency() == Urgency.ACT_NOW
                          && Objects.equals(
                              o.place().hospitalCode(), alert.place().hospitalCode()));
    }
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
