package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;

class CensusIndicatorsTest {
  private static final long HOUR = CensusCalendar.HOUR;

  /** A unit's mean hour: 19 occupied of 20 beds, 1.5 overcrowded, 0.5 outlying, 11 events. */
  private static CensusFigures unitHour(PeriodKind kind, Double patientDays) {
    return hour(Level.UNIT, kind, patientDays);
  }

  /** The same figures for a place of {@code level}. */
  private static CensusFigures hour(Level level, PeriodKind kind, Double patientDays) {
    return new CensusFigures(
        kind,
        level,
        "R01",
        level == Level.REGION ? "" : "R01-H01",
        level == Level.UNIT ? "U1" : "",
        CareType.SOMATIC,
        false,
        0,
        HOUR,
        19,
        0.5,
        20.0,
        1.5,
        patientDays,
        1,
        11);
  }

  @Test
  void shouldPublishTheRatesOfAHospitalHourAsRatiosOfItsMeans() {
    List<IndicatorRecord> values = CensusIndicators.of(hour(Level.HOSPITAL, PeriodKind.HOUR, null));

    // 100 × 1.5 / 20 = 7.5 overcrowded per 100 beds; 100 × 0.5 / 20 = 2.5 outlying; 100 × 19 / 20
    // = 95% occupancy; each with its numerator and the beds (alert rules judge by beds).
    assertThat(values)
        .extracting(IndicatorRecord::indicator, IndicatorRecord::value, IndicatorRecord::numerator)
        .containsExactly(
            tuple(CensusIndicators.OVERCROWDING, 7.5, 1.5),
            tuple(CensusIndicators.OUTLYING, 2.5, 0.5),
            tuple(CensusIndicators.OCCUPANCY, 95.0, 19.0));
    assertThat(values).allSatisfy(v -> assertThat(v.denominator()).isEqualTo(20.0));
  }

  @Test
  void shouldPublishPatientDaysWithTheDay() {
    // A day at a mean of 19 occupied beds is 19 patient days.
    assertThat(CensusIndicators.of(unitHour(PeriodKind.DAY, 19.0)))
        .extracting(IndicatorRecord::indicator)
        .containsExactly(
            CensusIndicators.OVERCROWDING,
            CensusIndicators.OUTLYING,
            CensusIndicators.OCCUPANCY,
            CensusIndicators.PATIENT_DAYS);
  }

  @Test
  void shouldKeepUnitAndRegionHoursOffTheTopic() {
    // Only the hospitals' hours are the census's clock; the rest are in ClickHouse only.
    assertThat(CensusIndicators.of(unitHour(PeriodKind.HOUR, null))).isEmpty();
    assertThat(CensusIndicators.of(hour(Level.REGION, PeriodKind.HOUR, null))).isEmpty();
  }

  @Test
  void shouldKeepRollingDaysAndSnapshotsOffTheTopic() {
    assertThat(CensusIndicators.of(unitHour(PeriodKind.ROLLING_24H, null))).isEmpty();
    assertThat(CensusIndicators.of(unitHour(PeriodKind.DAILY_SNAPSHOT, null))).isEmpty();
  }
}
