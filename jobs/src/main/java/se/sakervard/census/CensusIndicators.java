package se.sakervard.census;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import se.sakervard.core.sink.IndicatorRecord;

/**
 * The indicator values a census figures row publishes on the indicators topic: the periods other
 * jobs read. CURRENT for alerting, HOUR and DAY (patient days, the infection job's denominator).
 * ROLLING_24H and the 06:00 snapshot are in ClickHouse only: every place has one of each per hour
 * or day whatever the events, and at three values each they would make most of the topic for no
 * reader (a national year: about 37 million records, 3 per place and hour).
 */
public final class CensusIndicators {
  public static final String OVERCROWDING = "census.overcrowding_per_100_beds";
  public static final String OUTLYING = "census.outlying_per_100_beds";
  public static final String OCCUPANCY = "census.occupancy_percent";
  public static final String PATIENT_DAYS = "census.patient_days";

  /** The period kinds published; alert rules on census indicators take one of these. */
  public static final Set<PeriodKind> PUBLISHED_PERIODS =
      Set.of(PeriodKind.CURRENT, PeriodKind.HOUR, PeriodKind.DAY);

  private CensusIndicators() {}

  public static List<IndicatorRecord> of(CensusFigures f) {
    List<IndicatorRecord> values = new ArrayList<>(4);
    if (!PUBLISHED_PERIODS.contains(f.kind())) {
      return values;
    }
    Double available = f.available();
    if (available != null) {
      values.add(
          value(
              f,
              OVERCROWDING,
              BedCensusFormulas.overcrowdingPer100Beds(f.overcrowded(), available),
              f.overcrowded(),
              available));
      values.add(
          value(
              f,
              OUTLYING,
              BedCensusFormulas.outlyingPer100Beds(f.outlying(), available),
              f.outlying(),
              available));
      values.add(
          value(
              f,
              OCCUPANCY,
              BedCensusFormulas.occupancyPercent(f.occupied(), available),
              f.occupied(),
              available));
    }
    if (f.patientDays() != null) {
      values.add(value(f, PATIENT_DAYS, OptionalDouble.of(f.patientDays()), null, null));
    }
    return values;
  }

  private static IndicatorRecord value(
      CensusFigures f,
      String indicator,
      OptionalDouble value,
      Double numerator,
      Double denominator) {
    return new IndicatorRecord(
        indicator,
        f.level(),
        f.regionCode(),
        f.hospitalCode(),
        f.unitCode(),
        f.careType(),
        f.kind().name(),
        f.periodStart(),
        f.periodEnd(),
        value.isPresent() ? value.getAsDouble() : null,
        numerator,
        denominator,
        f.version());
  }
}
