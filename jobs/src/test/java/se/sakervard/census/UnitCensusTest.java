package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.common.CareType;

class UnitCensusTest {
  // 2026-01-15 is winter time in Stockholm (UTC+1): the 06:00 snapshot is at 05:00 UTC.
  private static final long MIDNIGHT_UTC = Instant.parse("2026-01-15T00:00:00Z").toEpochMilli();
  private static final long QUARTER_PAST = MIDNIGHT_UTC + 15 * 60_000;
  private static final long HALF_PAST = MIDNIGHT_UTC + 30 * 60_000;
  private static final long ONE_O_CLOCK = MIDNIGHT_UTC + CensusCalendar.HOUR;

  private KeyedOneInputStreamOperatorTestHarness<String, UnitChange, CensusFigures> harness;

  @BeforeEach
  void startOperator() throws Exception {
    UnitCensus unitCensus =
        new UnitCensus(
            new CensusCalendar(ZoneId.of("Europe/Stockholm"), LocalTime.of(6, 0)),
            Duration.ofHours(2));
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(unitCensus), UnitChange::unitCode, Types.STRING);
    harness.open();
  }

  @AfterEach
  void stopOperator() throws Exception {
    harness.close();
  }

  @Test
  void shouldCloseTheHourWhenTheWatermarkPassesAndCorrectItForALateAdmission() throws Exception {
    // 10 beds; 12 patients from midnight, 8 from a quarter past (4 discharged).
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +12));
    send(patients(QUARTER_PAST, -4));
    harness.processWatermark(ONE_O_CLOCK);

    // Mean occupied 12 × 0.25 + 8 × 0.75 = 9; overcrowded 2 × 0.25 = 0.5.
    CensusFigures hour = last(PeriodKind.HOUR);
    assertThat(hour.periodStart()).isEqualTo(MIDNIGHT_UTC);
    assertThat(hour.occupied()).isCloseTo(9.0, within(1e-9));
    assertThat(hour.overcrowded()).isCloseTo(0.5, within(1e-9));
    assertThat(hour.available()).isCloseTo(10.0, within(1e-9));
    assertThat(hour.version()).isEqualTo(3);
    harness.getOutput().clear();

    // A late admission of 2 patients at half past: the closed hour is emitted again, corrected.
    // Occupied 12 × 0.25 + 8 × 0.25 + 10 × 0.5 = 10; overcrowded still 0.5 (10 ≤ 10 beds).
    send(patients(HALF_PAST, +2));

    CensusFigures corrected = last(PeriodKind.HOUR);
    assertThat(corrected.periodStart()).isEqualTo(MIDNIGHT_UTC);
    assertThat(corrected.occupied()).isCloseTo(10.0, within(1e-9));
    assertThat(corrected.overcrowded()).isCloseTo(0.5, within(1e-9));
    assertThat(corrected.version()).isGreaterThan(hour.version());
    assertThat(last(PeriodKind.CURRENT).occupied()).isEqualTo(10.0);
  }

  @Test
  void shouldTakeTheOfficialSnapshotAt0600LocalTime() throws Exception {
    long snapshot = Instant.parse("2026-01-15T05:00:00Z").toEpochMilli();
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +11));
    // A discharge exactly at 06:00 local belongs to the snapshot: state includes events at t.
    send(patients(snapshot, -1));
    harness.processWatermark(snapshot);

    CensusFigures morning = last(PeriodKind.DAILY_SNAPSHOT);
    assertThat(morning.periodStart()).isEqualTo(snapshot);
    assertThat(morning.occupied()).isEqualTo(10.0);
    assertThat(morning.overcrowded()).isEqualTo(0.0);
  }

  @Test
  void shouldCloseOnlyWhatTheLastWatermarkPassedAtTheEndOfInput() throws Exception {
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(HALF_PAST, +3));
    send(patients(ONE_O_CLOCK + QUARTER_PAST - MIDNIGHT_UTC, +1));
    harness.processWatermark(ONE_O_CLOCK);

    harness.processWatermark(Long.MAX_VALUE);

    // The hour the watermark passed is closed; the open one stays open; no timer keeps ticking.
    List<CensusFigures> hours = all(PeriodKind.HOUR);
    assertThat(hours).extracting(CensusFigures::periodStart).containsExactly(MIDNIGHT_UTC);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldGiveAUnitFiguresOnlyFromItsFirstBedReportWhichSaysItsCareType() throws Exception {
    // A psychiatric unit: 3 patients admitted at midnight, its first bed report (8 beds) at a
    // quarter past, but the admission's stay event arrives first (another partition).
    send(patients(MIDNIGHT_UTC, +3));
    assertThat(harness.extractOutputValues()).as("no figures under a guessed care type").isEmpty();
    send(psychiatricBeds(QUARTER_PAST, 8));

    CensusFigures current = last(PeriodKind.CURRENT);
    assertThat(current.careType()).isEqualTo(CareType.PSYCHIATRIC);
    assertThat(current.occupied()).isEqualTo(3.0);
    assertThat(current.available()).isEqualTo(8.0);
    assertThat(harness.extractOutputValues())
        .extracting(CensusFigures::careType)
        .containsOnly(CareType.PSYCHIATRIC);

    // The hour 00-01 closes with the unit known from a quarter past: 3 occupied throughout, 8 beds
    // for three quarters of it (the mean over the part with known beds).
    harness.processWatermark(ONE_O_CLOCK);
    CensusFigures hour = last(PeriodKind.HOUR);
    assertThat(hour.careType()).isEqualTo(CareType.PSYCHIATRIC);
    assertThat(hour.occupied()).isCloseTo(3.0, within(1e-9));
  }

  private static UnitChange psychiatricBeds(long time, int beds) {
    return new UnitChange(
        "R1", "H1", "U1", time, 0, 0, beds, "beds-" + time, CareType.PSYCHIATRIC, false);
  }

  private void send(UnitChange change) throws Exception {
    harness.processElement(new StreamRecord<>(change, change.time()));
  }

  private static UnitChange beds(long time, int beds) {
    return new UnitChange(
        "R1", "H1", "U1", time, 0, 0, beds, "beds-" + time, CareType.SOMATIC, false);
  }

  private static UnitChange patients(long time, int delta) {
    return new UnitChange("R1", "H1", "U1", time, delta, 0, null, null, null, null);
  }

  private List<CensusFigures> all(PeriodKind kind) {
    return harness.extractOutputValues().stream().filter(f -> f.kind() == kind).toList();
  }

  private CensusFigures last(PeriodKind kind) {
    List<CensusFigures> rows = all(kind);
    assertThat(rows).as("rows of kind %s", kind).isNotEmpty();
    return rows.get(rows.size() - 1);
  }
}
