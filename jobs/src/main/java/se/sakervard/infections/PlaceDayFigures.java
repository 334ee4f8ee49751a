package se.sakervard.infections;

import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.schemas.pipeline.Level;

/**
 * One place's infection and hygiene figures for an ended local day: the day itself, the 30 days
 * ending with it, and its month so far (on the month's last day: the month).
 *
 * @param version the place's rows so far: a correction of a day has a higher one
 */
public record PlaceDayFigures(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    int day,
    DayTotals onDay,
    DayTotals last30Days,
    DayTotals monthToDate,
    long version) {

  /** The key of the place, as the {@link PlaceDelta}s these figures sum are keyed by. */
  public String placeKey() {
    return PlaceKey.of(level, regionCode, hospitalCode, unitCode);
  }
}
