package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.sakervard.core.reference.UnitDirectory;
import se.sakervard.core.reference.UnitRecord;
import se.sakervard.schemas.common.CareType;

class UnitCensusTest {
  // 2026-01-15 is winter time in Stockholm (UTC+1): the 06:00 snapshot is at 05:00 UTC.
  private static final long MIDNIGHT_UTC = Instant.parse("2026-01-15T00:00:00Z").toEpochMilli();
  private static final long QUARTER_PAST = MIDNIGHT_UTC + 15 * 60_000;
  private static final long HALF_PAST = MIDNIGHT_UTC + 30 * 60_000;
  private static final long ONE_O_CLOCK = MIDNIGHT_UTC + CensusCalendar.HOUR;

  private static final long YEAR_START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private KeyedBroadcastOperatorTestHarness<String, UnitChange, UnitRecord, CensusFigures> harness;

  @BeforeEach
  void startOperator() throws Exception {
    UnitCensus unitCensus =
        new UnitCensus(
            new CensusCalendar(ZoneId.of("Europe/Stockholm"), LocalTime.of(6, 0)),
            // U1: a somatic unit of H1 in R1 since the start of the year.
            UnitDirectory.of(List.of(unit("H1", CareType.SOMATIC, YEAR_START, Long.MAX_VALUE))),
            Duration.ofHours(2),
            false,
            true);
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            unitCensus, UnitChange::unitCode, Types.STRING, UnitDirectory.STATE);
    harness.processBroadcastWatermark(Long.MAX_VALUE); // no updates: event time is the changes'
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

  /**
   * The counts at an instant, read so far and settled. 10 beds; 8 patients at midnight; at a
   * quarter past 4 more arrive, read after a discharge of 1 at half past (the two came on
   * partitions read at different speeds):
   *
   * <pre>
   *   read so far (CURRENT): 00:00 8; then 00:30 7 (the 00:15 admissions not read yet); then 00:30 11
   *   settled, once the watermark passes: 00:00 8, 00:15 12, 00:30 11, whatever the order read
   *   a late admission of 1 at 00:20 (after the watermark passed 00:30): 00:30 again, 12
   * </pre>
   */
  @Test
  void shouldSettleTheCountsOfEachInstantOnceEventTimeHasPassedIt() throws Exception {
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +8));
    send(patients(HALF_PAST, -1));
    send(patients(QUARTER_PAST, +4));
    assertThat(all(PeriodKind.CURRENT))
        .extracting(f -> f.periodEnd() + " " + f.occupied())
        .containsExactly(
            MIDNIGHT_UTC + " 0.0", MIDNIGHT_UTC + " 8.0", HALF_PAST + " 7.0", HALF_PAST + " 11.0");
    assertThat(all(PeriodKind.SETTLED_CURRENT)).as("nothing before event time passes").isEmpty();

    harness.processWatermark(HALF_PAST);
    assertThat(all(PeriodKind.SETTLED_CURRENT))
        .extracting(f -> f.periodEnd() + " " + f.occupied() + " overcrowded " + f.overcrowded())
        .containsExactly(
            MIDNIGHT_UTC + " 8.0 overcrowded 0.0",
            QUARTER_PAST + " 12.0 overcrowded 2.0",
            HALF_PAST + " 11.0 overcrowded 1.0");
    CensusFigures before = last(PeriodKind.SETTLED_CURRENT);
    harness.getOutput().clear();

    send(patients(MIDNIGHT_UTC + 20 * 60_000, +1));
    CensusFigures corrected = last(PeriodKind.SETTLED_CURRENT);
    assertThat(corrected.periodEnd()).isEqualTo(HALF_PAST);
    assertThat(corrected.occupied()).isEqualTo(12.0);
    assertThat(corrected.version()).isGreaterThan(before.version());
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
  void shouldCountPatientsFromTheUnitsFirstEventAndLeaveTheRatesNullUntilItsBeds()
      throws Exception {
    // 3 patients from midnight, the unit's first bed report (8 beds) at a quarter past: the
    // occupancy counts from midnight whatever the beds; only the bed figures wait for them.
    send(patients(MIDNIGHT_UTC, +3));
    CensusFigures beforeBeds = last(PeriodKind.CURRENT);
    assertThat(beforeBeds.occupied()).isEqualTo(3.0);
    assertThat(beforeBeds.available()).as("beds unknown").isNull();
    assertThat(beforeBeds.overcrowded()).as("rate undefined without beds").isNull();
    send(beds(QUARTER_PAST, 8));

    // Hour 00-01: 3 occupied throughout; 8 beds known for three quarters of it, over the whole
    // hour 8 × 0.75 = 6 (UnitTimeline's means).
    harness.processWatermark(ONE_O_CLOCK);
    CensusFigures hour = last(PeriodKind.HOUR);
    assertThat(hour.periodStart()).isEqualTo(MIDNIGHT_UTC);
    assertThat(hour.occupied()).isCloseTo(3.0, within(1e-9));
    assertThat(hour.available()).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void shouldFileEachPeriodUnderTheHospitalAndCareTypeTheReferenceDataGivesAtItsStart()
      throws Exception {
    // Updates since the start: U1 moves from H1 to H2 at one o'clock and is psychiatric there;
    // nothing else happens. Its hour 00-01 stays H1's, 01-02 is H2's, with the patients it had.
    harness.processBroadcastElement(unit("H1", CareType.SOMATIC, YEAR_START, ONE_O_CLOCK), 0);
    harness.processBroadcastElement(
        unit("H2", CareType.PSYCHIATRIC, ONE_O_CLOCK, Long.MAX_VALUE), 0);
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +4));

    harness.processWatermark(ONE_O_CLOCK + CensusCalendar.HOUR);

    List<CensusFigures> hours = all(PeriodKind.HOUR);
    assertThat(hours)
        .extracting(CensusFigures::hospitalCode, CensusFigures::careType, CensusFigures::occupied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("H1", CareType.SOMATIC, 4.0),
            org.assertj.core.groups.Tuple.tuple("H2", CareType.PSYCHIATRIC, 4.0));
    // Both hours are written, the second under its new place, and H1's series ends at one.
    assertThat(unchangedHours()).isEmpty();
    assertThat(all(PeriodKind.HOURS_END))
        .extracting(CensusFigures::hospitalCode, CensusFigures::periodStart)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("H1", ONE_O_CLOCK));
  }

  @Test
  void shouldGiveAClosedUnitNoPeriodsAfterItsClose() throws Exception {
    // U1 closes at one o'clock: its hour 00-01 is the last it gets.
    harness.processBroadcastElement(unit("H1", CareType.SOMATIC, YEAR_START, ONE_O_CLOCK), 0);
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +2));

    harness.processWatermark(ONE_O_CLOCK + 3 * CensusCalendar.HOUR);

    assertThat(all(PeriodKind.HOUR))
        .extracting(CensusFigures::periodStart)
        .containsExactly(MIDNIGHT_UTC);
    // Where its hours under H1 end, a mark says so: the views fill nothing in after it.
    assertThat(all(PeriodKind.HOURS_END))
        .extracting(CensusFigures::hospitalCode, CensusFigures::periodStart)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("H1", ONE_O_CLOCK));
  }

  @Test
  void shouldWriteOnlyTheHoursThatDifferFromTheHourBefore() throws Exception {
    // 10 beds and 4 patients from midnight; a fifth patient at half past four.
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +4));
    send(patients(MIDNIGHT_UTC + 4 * CensusCalendar.HOUR + 30 * 60_000, +1));
    harness.processWatermark(MIDNIGHT_UTC + 6 * CensusCalendar.HOUR);

    // Hours 00-04 have 4 of 10 each: 00 is written, 01-03 repeat it. Hour 04 has 4 for half of
    // it and 5 for the other half, 4.5; hour 05 has 5: both differ from the hour before.
    assertThat(all(PeriodKind.HOUR))
        .extracting(f -> hourOf(f) + " " + f.occupied())
        .containsExactly("0 4.0", "4 4.5", "5 5.0");
    assertThat(unchangedHours())
        .extracting(f -> hourOf(f) + " " + f.occupied())
        .containsExactly("1 4.0", "2 4.0", "3 4.0");
  }

  @Test
  void shouldWriteEveryHourALateChangeCorrectsAndCompareTheNextWithTheCorrectedOne()
      throws Exception {
    // 10 beds and 4 patients from midnight; hours 00-03 closed, 01-03 unchanged.
    send(beds(MIDNIGHT_UTC, 10));
    send(patients(MIDNIGHT_UTC, +4));
    harness.processWatermark(MIDNIGHT_UTC + 4 * CensusCalendar.HOUR);
    harness.getOutput().clear();

    // A late admission at half past two (1.5 h behind, within the 2 h allowed): hours 02 (4.5)
    // and 03 (5) are written again, corrected. Hour 04 then closes with 5, as the corrected 03:
    // unchanged.
    send(patients(MIDNIGHT_UTC + 2 * CensusCalendar.HOUR + 30 * 60_000, +1));
    harness.processWatermark(MIDNIGHT_UTC + 5 * CensusCalendar.HOUR);

    assertThat(all(PeriodKind.HOUR))
        .extracting(f -> hourOf(f) + " " + f.occupied())
        .containsExactly("2 4.5", "3 5.0");
    assertThat(unchangedHours())
        .extracting(f -> hourOf(f) + " " + f.occupied())
        .containsExactly("1 4.0", "2 4.0", "3 4.0", "4 5.0");
  }

  private static UnitRecord unit(String hospital, CareType careType, long from, long to) {
    return new UnitRecord("U1", hospital, "R1", careType, false, from, to, "Avd 1");
  }

  private void send(UnitChange change) throws Exception {
    harness.processElement(new StreamRecord<>(change, change.time()));
  }

  private static UnitChange beds(long time, int beds) {
    return new UnitChange("R1", "H1", "U1", time, 0, 0, beds, "beds-" + time, null, null);
  }

  private static UnitChange patients(long time, int delta) {
    return new UnitChange("R1", "H1", "U1", time, delta, 0, null, null, null, null);
  }

  private List<CensusFigures> all(PeriodKind kind) {
    return harness.extractOutputValues().stream().filter(f -> f.kind() == kind).toList();
  }

  private List<CensusFigures> unchangedHours() {
    var side = harness.getSideOutput(UnitCensus.UNCHANGED_HOURS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private static long hourOf(CensusFigures f) {
    return (f.periodStart() - MIDNIGHT_UTC) / CensusCalendar.HOUR;
  }

  private CensusFigures last(PeriodKind kind) {
    List<CensusFigures> rows = all(kind);
    assertThat(rows).as("rows of kind %s", kind).isNotEmpty();
    return rows.get(rows.size() - 1);
  }
}
