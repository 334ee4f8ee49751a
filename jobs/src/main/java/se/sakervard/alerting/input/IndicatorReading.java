package se.sakervard.alerting.input;

import se.sakervard.alerting.Place;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.schemas.pipeline.Level;

/**
 * One indicator value as the alerting job reads it from the indicators topic.
 *
 * @param at event time: the instant the value describes ({@code asOf}), never a period's end that
 *     has not come yet (a month's values are published all through the month); a version-1 value
 *     without it is as of its period's end
 * @param value null when the figure is not defined (no available beds, no observations)
 */
public record IndicatorReading(
    String indicator,
    Place place,
    CareType careType,
    String period,
    long at,
    Double value,
    Double denominator,
    long version) {

  public static IndicatorReading of(IndicatorValue v) {
    Level level = v.getLevel();
    return new IndicatorReading(
        v.getIndicator(),
        new Place(
            level,
            v.getRegionCode(),
            level == Level.REGION ? "" : v.getHospitalCode(),
            level == Level.UNIT ? v.getUnitCode() : ""),
        v.getCareType(),
        v.getPeriodKind(),
        (v.getAsOf() == null ? v.getPeriodEnd() : v.getAsOf()).toEpochMilli(),
        v.getValue(),
        v.getDenominator(),
        v.getVersion());
  }

  /**
   * Whether this is the figure a place is judged by: at hospital and region level the census
   * reports somatic and psychiatric care apart, and the somatic figure is the hospital's (as in
   * official statistics); a unit has one care type.
   */
  public boolean judgesItsPlace() {
    return !indicator.startsWith("census.")
        || place.level() == Level.UNIT
        || careType == CareType.SOMATIC;
  }
}
