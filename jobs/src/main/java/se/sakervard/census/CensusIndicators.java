package se.sakervard.census;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.schemas.pipeline.Level;

/**
 * The indicator values a census figures row publishes on the indicators topic: the periods other
 * jobs read. CURRENT (on change) for alerting and DAY for every place (patient days, the infection
 * job's denominator); HOUR at the hospital level only, as the census's clock: a hospital's hour
 * closes when the census's event time has passed it for all its units, and the infection job ends
 * its days by it. Every other hourly figure (units' and regions' hours, rolling 24 h, the 06:00
 * snapshot) is in ClickHouse only: each place has one per hour whatever the events, and published
 * they made most of the topic for no reader (a national year: about 37 million unit and region
 * hours against 1.6 million hospital hours).
 */
public final class CensusIndicators {
  public static final String OVERCROWDING = "census.overcrowding_per_100_beds";
  public static final String OUTLYING = "census.outlying_per_100_beds";
  public static final String OCCUPANCY = "census.occupancy_percent";
  public static final String PATIENT_DAYS = "census.patient_days";

  /**
   * The period kinds on the topic for every place; alert rules on census indicators take one. The
   * CURRENT values there are the settled ones ({@link PeriodKind#SETTLED_CURRENT}).
   */
  public static final Set<PeriodKind> PUBLISHED_PERIODS =
      Set.of(PeriodKind.CURRENT, PeriodKind.DAY);

  /** The level whose HOUR values are published: the census's clock. */
  public static final Level CLOCK_LEVEL = Level.HOSPITAL;

  private CensusIndicators() {}

  public static List<IndicatorRecord> of(CensusFigures f) {
    List<IndicatorRecord> values = new ArrayList<>(4);
    if (!isPublished(f)) {
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

  static boolean isPublished(CensusFigures f) {
    PeriodKind kind = topicKind(f.kind());
    return (kind != null && PUBLISHED_PERIODS.contains(kind))
        || (f.kind() == PeriodKind.HOUR && f.level() == CLOCK_LEVEL);
  }

  /**
   * The period kind a figure goes out as: settled counts as CURRENT values; the counts read so far
   * (CURRENT) as none, they are the dashboard's (census_current).
   */
  private static PeriodKind topicKind(PeriodKind kind) {
    return switch (kind) {
      case SETTLED_CURRENT -> PeriodKind.CURRENT;
      case CURRENT -> null;
      default -> kind;
    };
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
        topicKind(f.kind()).name(),
        f.periodStart(),
        f.periodEnd(),
        value.isPresent() ? value.getAsDouble() : null,
        numerator,
        denominator,
        f.version());
  }
}
