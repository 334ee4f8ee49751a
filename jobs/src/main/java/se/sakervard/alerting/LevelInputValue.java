package se.sakervard.alerting;

import se.sakervard.census.CensusIndicators;
import se.sakervard.deviations.DeviationIndicators;
import se.sakervard.infections.InfectionIndicators;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.IndicatorValue;
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
   * overcrowding and outlying (somatic care at hospital level, as official figures report it), the
   * open serious care injuries now, and hygiene compliance over the last 30 days.
   */
  public static LevelInputValue of(IndicatorValue v) {
    Level level = v.getLevel();
    if (level == Level.REGION) {
      return NONE;
    }
    LevelInput input =
        switch (v.getIndicator()) {
          case CensusIndicators.OCCUPANCY -> LevelInput.OCCUPANCY;
          case CensusIndicators.OVERCROWDING -> LevelInput.OVERCROWDING;
          case CensusIndicators.OUTLYING -> LevelInput.OUTLYING;
          case DeviationIndicators.OPEN_SERIOUS -> LevelInput.OPEN_SERIOUS_DEVIATIONS;
          case InfectionIndicators.HYGIENE_ALL_STEPS -> LevelInput.HYGIENE_COMPLIANCE;
          default -> null;
        };
    boolean current =
        input == LevelInput.HYGIENE_COMPLIANCE
            ? v.getPeriodKind().equals("ROLLING_30_DAYS")
            : v.getPeriodKind().equals("CURRENT");
    boolean census = v.getIndicator().startsWith("census.");
    if (input == null
        || !current
        || (census && level == Level.HOSPITAL && v.getCareType() != CareType.SOMATIC)) {
      return NONE;
    }
    long observations =
        input == LevelInput.HYGIENE_COMPLIANCE && v.getDenominator() != null
            ? Math.round(v.getDenominator())
            : 0;
    return new LevelInputValue(
        new Place(
            level,
            v.getRegionCode(),
            v.getHospitalCode(),
            level == Level.UNIT ? v.getUnitCode() : ""),
        input,
        input == LevelInput.HYGIENE_COMPLIANCE && observations == 0 ? null : v.getValue(),
        observations,
        v.getPeriodEnd().toEpochMilli(),
        v.getVersion());
  }

  public boolean feedsALevel() {
    return input != null;
  }
}
