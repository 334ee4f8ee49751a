package se.sakervard.alerting;

import java.util.ArrayList;
import java.util.List;

/**
 * A new value of what one rule watches on one place (an indicator for a threshold rule, the
 * here-and-now level for a level rule), or a person's action on that alert. Keyed by {@link
 * #key()}: one alert episode per rule and place.
 *
 * @param action an acknowledgement or silence; null for a value
 */
public record RuleInput(String rule, Place place, long at, double value, AlertActionInput action) {

  public RuleInput(String rule, Place place, long at, double value) {
    this(rule, place, at, value, null);
  }

  public static RuleInput of(AlertActionInput a) {
    return new RuleInput(a.rule(), a.place(), a.at(), 0, a);
  }

  public String key() {
    return rule + "|" + place.level() + "|" + place.key();
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
          && t.period().equals(r.period())) {
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
