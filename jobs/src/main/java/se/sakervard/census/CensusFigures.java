package se.sakervard.census;

import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;

/**
 * Census figures of one place (unit, hospital or region) for one period.
 *
 * <p>For instants (CURRENT, DAILY_SNAPSHOT) the quantities are counts; for intervals they are
 * time-weighted means over the period, so a sum over units of the same period is the mean of the
 * sum, and ratios of them are the ratios of time integrals. {@code available} and {@code
 * overcrowded} are null while the beds are unknown. {@code version} grows with every input folded
 * in, so the row with the highest version of a key is the most complete.
 */
public record CensusFigures(
    PeriodKind kind,
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    CareType careType,
    boolean technicalUnit,
    long periodStart,
    long periodEnd,
    double occupied,
    double outlying,
    Double available,
    Double overcrowded,
    Double patientDays,
    int units,
    long version) {

  /** Level, place codes and care type: census_current's key, one current row per place. */
  public String placeKey() {
    return String.join("|", level.name(), regionCode, hospitalCode, unitCode, careType.name());
  }

  /** The code of this row's place at its own level. */
  String placeCode() {
    return switch (level) {
      case UNIT -> unitCode;
      case HOSPITAL -> hospitalCode;
      case REGION -> regionCode;
    };
  }
}
