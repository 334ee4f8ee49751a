package se.sakervard.deviations;

import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.schemas.pipeline.Level;

/**
 * One place's reported cases for a local day, the 12 months ending with it and the 12 months
 * before: a row of {@code deviation_reported_rolling}.
 *
 * @param version the number of rows the place has emitted: a correction has a higher one
 */
public record RollingReports(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    TwelveMonthTotals totals,
    long version) {

  /** The key of the place, as the {@link ReportedDelta}s these figures sum are keyed by. */
  public String placeKey() {
    return PlaceKey.of(level, regionCode, hospitalCode, unitCode);
  }
}
