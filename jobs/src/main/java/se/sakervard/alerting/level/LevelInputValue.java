package se.sakervard.alerting.level;

import se.sakervard.alerting.Place;
import se.sakervard.alerting.input.IndicatorReading;
import se.sakervard.census.CensusIndicators;
import se.sakervard.infections.InfectionIndicators;
import se.sakervard.schemas.pipeline.Level;

/**
 * One new value of one input of a place's here-and-now level.
 *
 * @param value null when the figure is not known (no available beds, no observations)
 * @param observations the hygiene observations behind a compliance figure; else 0
 * @param at event time of the value: the end of its period
 * @param version the producing figure's version, with {@code at} deciding which value is newest
 */
public record LevelInputValue(
    Place place, LevelInput input, Double value, long observations, long at, long version) {

  /** What an indicator value that feeds no level decodes to. */
  public static final LevelInputValue NONE = new LevelInputValue(null, null, null, 0, 0, 0);

  /**
   * The level input an indicator value carries, or {@link #NONE}: the census's current occupancy,
   * overcrowding and outlying, and hygiene compliance over the last 30 days, of units and
   * hospitals. (The serious care injuries are counted from the deviation events: {@link
   * RecentSeriousCareInjuries}.)
   */
  public static LevelInputValue of(IndicatorReading r) {
    LevelInput input =
        switch (r.indicator()) {
          case CensusIndicators.OCCUPANCY -> LevelInput.OCCUPANCY;
          case CensusIndicators.OVERCROWDING -> LevelInput.OVERCROWDING;
          case CensusIndicators.OUTLYING -> LevelInput.OUTLYING;
          case InfectionIndicators.HYGIENE_ALL_STEPS -> LevelInput.HYGIENE_COMPLIANCE;
          default -> null;
        };
    boolean hygiene = input == LevelInput.HYGIENE_COMPLIANCE;
    if (input == null
        || r.place().level() == Level.REGION
        || !r.period().equals(hygiene ? "ROLLING_30_DAYS" : "CURRENT")
        || !r.judgesItsPlace()) {
      return NONE;
    }
    long observations = hygiene && r.denominator() != null ? Math.round(r.denominator()) : 0;
    return new LevelInputValue(
        r.place(),
        input,
        hygiene && observations == 0 ? null : r.value(),
        observations,
        r.at(),
        r.version());
  }

  public boolean feedsALevel() {
    return input != null;
  }
}
