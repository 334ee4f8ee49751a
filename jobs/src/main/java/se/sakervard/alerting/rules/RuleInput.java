package se.sakervard.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.input.AlertActionInput;
import se.sakervard.alerting.input.IndicatorReading;
import se.sakervard.alerting.level.LevelRow;

/**
 * A new value of what one rule watches on one place (an indicator for a threshold rule, the
 * here-and-now level for a level rule), an event that fires an event rule, or a person's action on
 * that alert. Keyed by {@link #key()}: one alert episode per rule and place (and event).
 *
 * @param ref for an event rule, the case or cluster the alert is about; else null
 * @param action an acknowledgement or silence; null for a value
 * @param urgency for an event, the urgency of its alert ({@link EventRule#urgencyOf}); null: the
 *     rule's
 * @param why for an event whose urgency is not the rule's, why (for the audit trail); else empty
 */
public record RuleInput(
    String rule,
    Place place,
    String ref,
    long at,
    double value,
    AlertActionInput action,
    Urgency urgency,
    String why) {

  public RuleInput(String rule, Place place, long at, double value) {
    this(rule, place, null, at, value, null, null, "");
  }

  public static RuleInput of(AlertActionInput a) {
    return new RuleInput(a.rule(), a.place(), a.ref(), a.at(), 0, a, null, "");
  }

  /**
   * An event that fires an event rule: one alert per rule, place and event reference.
   *
   * @param occurred when the event behind it occurred (a deviation's occurredTime), or null
   */
  /**
   * The event behind an event rule's alert taken back (a cluster whose cases were withdrawn): value
   * 0, which resolves the alert if it is still open.
   */
  public static RuleInput eventWithdrawn(EventRule rule, Place place, String ref, long at) {
    return new RuleInput(rule.name(), place, ref, at, 0, null, null, "");
  }

  public static RuleInput event(EventRule rule, Place place, String ref, long at, Long occurred) {
    Urgency urgency = rule.urgencyOf(at, occurred);
    String why =
        urgency == rule.urgency()
            ? ""
            : "act today: classified "
                + java.time.Duration.ofMillis(at - occurred).toHours()
                + " h after it occurred (act now within "
                + rule.actNowWithin().toHours()
                + " h)";
    return new RuleInput(rule.name(), place, ref, at, 1, null, urgency, why);
  }

  /** The event rules of this kind. */
  public static List<EventRule> eventRules(List<AlertRule> rules, EventRule.Kind kind) {
    List<EventRule> matching = new ArrayList<>();
    for (AlertRule r : rules) {
      if (r instanceof EventRule e && e.event() == kind) {
        matching.add(e);
      }
    }
    return matching;
  }

  public String key() {
    return rule + "|" + place.level() + "|" + place.key() + (ref == null ? "" : "|" + ref);
  }

  /** The threshold rules an indicator value feeds. */
  public static List<RuleInput> of(IndicatorReading r, List<AlertRule> rules) {
    List<RuleInput> inputs = new ArrayList<>();
    if (r.value() == null || !r.judgesItsPlace()) {
      return inputs;
    }
    for (AlertRule rule : rules) {
      if (rule instanceof ThresholdRule t
          && t.indicator().equals(r.indicator())
          && t.level() == r.place().level()
          && t.period().equals(r.period())
          && t.judges(r.denominator())) {
        inputs.add(new RuleInput(t.name(), r.place(), r.at(), r.value()));
      }
    }
    return inputs;
  }

  /** The level rules a place's new level feeds. */
  public static List<RuleInput> of(LevelRow row, List<AlertRule> rules) {
    List<RuleInput> inputs = new ArrayList<>();
    for (AlertRule rule : rules) {
      if (rule instanceof LevelRule l && l.placeLevel() == row.place().level()) {
        inputs.add(new RuleInput(l.name(), row.place(), row.asOf(), row.level()));
      }
    }
    return inputs;
  }
}
