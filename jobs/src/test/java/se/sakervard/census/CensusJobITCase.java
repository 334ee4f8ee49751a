package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.testing.JobRun.row;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.testing.JobRun;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * The census job end to end: a real Kafka broker, the job on a Flink mini cluster, and the real
 * ClickHouse engine behind the JDBC driver. Expected values are computed by hand from {@link
 * TwoUnitsTwoDays}; the arithmetic is in the comments.
 */
class CensusJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldWriteExactCensusFiguresToClickHouseWithBadInputDeadLettered() throws Exception {
    JobRun topics = runScenario("R1", 1);

    // Official 06:00 snapshots. Day 1 (14 Jan): MED 5 patients in 4 beds (1 overcrowded, S5
    // outlying), SURG empty with 3 beds; hospital 5 in 7 beds. The duplicate of S4 is not counted
    // (else MED would be 6) and neither is S9 (dead-lettered as too late). Day 2: MED 3 in 4, SURG
    // 4 (S5, S6, S8, S7) in 2 beds → 2 overcrowded; hospital 7 in 6, 2 overcrowded.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(day), toString(occupied), toString(available),"
                    + " toString(overcrowded), toString(outlying)"
                    + " FROM v_census_daily_snapshot WHERE region_code = 'R1'"
                    + " ORDER BY level, unit_code, day"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-14", "5", "7", "1", "1"),
            row("HOSPITAL", "", "2026-01-15", "7", "6", "2", "0"),
            row("REGION", "", "2026-01-14", "5", "7", "1", "1"),
            row("REGION", "", "2026-01-15", "7", "6", "2", "0"),
            row("UNIT", "R1MED", "2026-01-14", "5", "4", "1", "1"),
            row("UNIT", "R1MED", "2026-01-15", "3", "4", "0", "0"),
            row("UNIT", "R1SURG", "2026-01-14", "0", "3", "0", "0"),
            row("UNIT", "R1SURG", "2026-01-15", "4", "2", "2", "0"));

    // The monthly official figure = 100 × Σ overcrowded ÷ Σ available over the snapshots:
    // hospital 100 × (1 + 2) / (7 + 6) = 23.0769, outlying 100 × 1 / 13 = 7.6923;
    // MED 100 × 1 / 8 = 12.5 (outlying likewise); SURG 100 × 2 / 5 = 40, no outlying.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(month), toString(snapshot_days),"
                    + " toString(round(overcrowding_per_100_beds, 4)),"
                    + " toString(round(outlying_per_100_beds, 4)), toString(complete)"
                    + " FROM v_census_monthly_official WHERE region_code = 'R1'"
                    + " ORDER BY level, unit_code"))
        // Two of January's 31 days: a partial month (complete = 0).
        .containsExactly(
            row("HOSPITAL", "", "2026-01-01", "2", "23.0769", "7.6923", "0"),
            row("REGION", "", "2026-01-01", "2", "23.0769", "7.6923", "0"),
            row("UNIT", "R1MED", "2026-01-01", "2", "12.5", "12.5", "0"),
            row("UNIT", "R1SURG", "2026-01-01", "2", "40", "0", "0"));

    // Patient days = occupied bed-hours over the local day / 24.
    // MED 14 Jan: 2×1 + 3×1 + 4×1 + 5×13 + 4×2 + 3×4 = 94 → 3.9167; 15 Jan: 3×10 + 2×14 = 58 →
    // 2.4167.
    // SURG 14 Jan: 1×6 + 2×4.5 + 3×1.5 (S8, the late admission, from 22:30) = 19.5 → 0.8125;
    // 15 Jan: 3×1 + 4×23 = 95 → 3.9583. Hospital: 113.5 → 4.7292 and 153 → 6.375.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(day), toString(round(patient_days, 4))"
                    + " FROM v_census_patient_days WHERE region_code = 'R1'"
                    + " ORDER BY level, unit_code, day"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-14", "4.7292"),
            row("HOSPITAL", "", "2026-01-15", "6.375"),
            row("REGION", "", "2026-01-14", "4.7292"),
            row("REGION", "", "2026-01-15", "6.375"),
            row("UNIT", "R1MED", "2026-01-14", "3.9167"),
            row("UNIT", "R1MED", "2026-01-15", "2.4167"),
            row("UNIT", "R1SURG", "2026-01-14", "0.8125"),
            row("UNIT", "R1SURG", "2026-01-15", "3.9583"));

    // The late admission (S8 at 22:30, arriving after the 23:00 hour had closed) corrected the
    // closed hour 22:00–23:00 local: SURG 2 patients for half an hour, 3 for the other half = 2.5.
    assertThat(
            STACK.query(
                "SELECT level, toString(round(occupied, 4)) FROM v_census_hourly"
                    + " WHERE region_code = 'R1' AND level != 'REGION'"
                    + " AND hour_start = '2026-01-14 21:00:00' AND unit_code IN ('', 'R1SURG')"
                    + " ORDER BY level"))
        .containsExactly(row("HOSPITAL", "5.5"), row("UNIT", "2.5"));

    // The rolling 24 h is ClickHouse's mean of 24 hourly means, so the first one ends at D2 00:00
    // local (23:00 UTC), 24 hours after the beds were known, and equals D1's mean occupancy: MED
    // (0×2 + 2 + 3 + 4 + 5×13 + 4×2 + 3×4) / 24 = 94 / 24 = 3.9167, SURG with the late S8
    // (1×6 + 2×4.5 + 3×1.5) / 24 = 0.8125, the hospital and region their sum, 4.7292. Beds: MED 4,
    // SURG 3 all day, so SURG's occupancy is 100 × 0.8125 / 3 = 27.0833 %.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(ending_at), toString(round(occupied, 4)),"
                    + " toString(available), toString(round(occupancy_percent, 4))"
                    + " FROM v_census_rolling_24h WHERE region_code = 'R1'"
                    + " AND ending_at = (SELECT min(ending_at) FROM v_census_rolling_24h"
                    + " WHERE region_code = 'R1') ORDER BY level, unit_code"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-14 23:00:00.000", "4.7292", "7", "67.5595"),
            row("REGION", "", "2026-01-14 23:00:00.000", "4.7292", "7", "67.5595"),
            row("UNIT", "R1MED", "2026-01-14 23:00:00.000", "3.9167", "4", "97.9167"),
            row("UNIT", "R1SURG", "2026-01-14 23:00:00.000", "0.8125", "3", "27.0833"));

    // Now: MED 2 patients in 4 beds (occupancy 50 %), SURG 4 in 2 (2 overcrowded: 100 per 100
    // beds, occupancy 200 %); hospital 6 in 6, 100 × 2 / 6 = 33.3333 per 100 beds, occupancy 100 %.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(as_of), toString(occupied), toString(available),"
                    + " toString(overcrowded), toString(outlying),"
                    + " toString(round(overcrowding_per_100_beds, 4)),"
                    + " toString(round(occupancy_percent, 4))"
                    + " FROM v_census_current WHERE region_code = 'R1' ORDER BY level, unit_code"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-16 00:00:00.000", "6", "6", "2", "0", "33.3333", "100"),
            row("REGION", "", "2026-01-16 00:00:00.000", "6", "6", "2", "0", "33.3333", "100"),
            row("UNIT", "R1MED", "2026-01-16 00:00:00.000", "2", "4", "0", "0", "0", "50"),
            row("UNIT", "R1SURG", "2026-01-16 00:00:00.000", "4", "2", "2", "0", "100", "200"));

    // The malformed record and the event beyond the allowed lateness, with reasons and raw bytes.
    List<DeadLetter> deadLetters =
        STACK.readAll(topics.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 2);
    assertThat(deadLetters)
        .extracting(DeadLetter::getReason)
        .containsExactlyInAnyOrder(DeadLetterReason.MALFORMED, DeadLetterReason.TOO_LATE);
    DeadLetter malformed = only(deadLetters, DeadLetterReason.MALFORMED);
    assertThat(bytes(malformed.getRawValue())).isEqualTo(TwoUnitsTwoDays.MALFORMED);
    assertThat(only(deadLetters, DeadLetterReason.TOO_LATE).getEventId()).isEqualTo("R1-a9");

    // The same current hospital figure reaches alerting on the current-indicators topic; the
    // indicators topic has closed periods only, the days' patient days among them (the infection
    // job's denominator).
    Map<String, IndicatorValue> current =
        newestByKey(
            STACK.readAll(
                topics.topic(PipelineOptions.TOPIC_CURRENT_INDICATORS), IndicatorValue.class, 1));
    assertThat(
            current
                .get("census.overcrowding_per_100_beds|HOSPITAL|R1|R1H1||SOMATIC|CURRENT|")
                .getValue())
        .isCloseTo(33.3333, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(current.values()).extracting(IndicatorValue::getPeriodKind).containsOnly("CURRENT");
    assertThat(
            STACK.readAll(topics.topic(PipelineOptions.TOPIC_INDICATORS), IndicatorValue.class, 1))
        .extracting(v -> v.getIndicator() + " " + v.getPeriodKind())
        .contains("census.patient_days DAY")
        .noneMatch(value -> value.endsWith(" CURRENT"));
  }

  @Test
  void shouldLeaveClickHouseUnchangedWhenTheSameInputIsProcessedAgain() throws Exception {
    JobRun topics = runScenario("R2", 1);
    List<List<String>> first = everyFigureOf("R2");
    String firstWritten = lastWritten("R2");

    runJob(topics);

    assertThat(first).hasSizeGreaterThan(100);
    assertThat(everyFigureOf("R2")).isEqualTo(first);
    // The replay did write its rows again (the newest copy is from the second run); the keys and
    // versions of the tables made that harmless.
    assertThat(lastWritten("R2")).isGreaterThan(firstWritten);
  }

  /**
   * A cancelled admission, transfer and discharge (one retraction arriving before its event) leave
   * every figure as if they had never been sent; a retraction past the allowed lateness is
   * dead-lettered and changes nothing.
   */
  @Test
  void shouldLeaveEveryFigureAsIfRetractedEventsHadNeverCome() throws Exception {
    // One partition: the scenario's late events are late by its send order (with two, a region's
    // stays would hash to partitions differently and progress differently).
    runScenario("R3", 1);
    JobRun withRetractions =
        runScenario("R4", 1, topic -> new TwoUnitsTwoDays("R4", topic).withRetractedEvents());

    List<List<String>> plain = everyFigureOf("R3");
    assertThat(plain).hasSizeGreaterThan(100);
    assertThat(STACK.rowsOfRegionAs("R4", "R3", CensusRuns.VIEWS)).isEqualTo(plain);
    // The scenario's own dead letters (a malformed record, a9 too late) and the late retraction.
    assertThat(
            STACK.readAll(
                withRetractions.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 3))
        .filteredOn(d -> d.getReason() == DeadLetterReason.TOO_LATE)
        .extracting(DeadLetter::getEventId)
        .containsExactlyInAnyOrder("R4-a9", "R4-r4");
  }

  /**
   * A bounded run told where its time ends closes its last local day. The scenario's last event is
   * at day 3 01:00; without an end, day 3 (16 January) never closes and has no patient days. With
   * the end at day 4 00:00 it does: MED keeps S3 and S4 all day (2.0 patient days), SURG S5, S6, S7
   * and S8 (4.0), the hospital 6.0.
   */
  @Test
  void shouldCloseTheLastDayOfABoundedRunAtTheGivenEndOfInput() throws Exception {
    runScenario(
        "R5",
        1,
        topic -> new TwoUnitsTwoDays("R5", topic),
        Map.of(PipelineOptions.END_OF_INPUT.key(), TwoUnitsTwoDays.at(4, 0, 0).toString()));

    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(patient_days) FROM v_census_patient_days"
                    + " WHERE region_code = 'R5' AND day = '2026-01-16' ORDER BY level, unit_code"))
        .containsExactly(
            row("HOSPITAL", "", "6"),
            row("REGION", "", "6"),
            row("UNIT", "R5MED", "2"),
            row("UNIT", "R5SURG", "4"));
    runScenario("R6", 1);
    assertThat(
            STACK.query(
                "SELECT count() FROM v_census_patient_days"
                    + " WHERE region_code = 'R6' AND day = '2026-01-16'"))
        .as("the same scenario without an end of input")
        .containsExactly(row("0"));
  }

  /**
   * {@link TwoUnitsTwoDays#movedAndClosed}: units placed by the reference data. Patient days of the
   * 14th, in hours: A 22, B 6, C 22 (counted from 02:00 though its beds came at 06:00), H1 and R7
   * 50. A day row is filed where the unit was at the day's start, so A's day is H1's; A's hours are
   * H1's until 12:00 and H2's from then on (12 each); B has hours until its close (12); C has 22
   * hours, the four before 06:00 without beds. S4 (unknown unit) and S5 (B after its close) are
   * dead-lettered, never counted.
   */
  @Test
  void shouldPlaceEveryFigureByTheUnitReferenceData() throws Exception {
    JobRun topics = runScenario("R7", 1, topic -> TwoUnitsTwoDays.movedAndClosed("R7", topic));

    assertThat(
            STACK.query(
                "SELECT level, hospital_code, unit_code, toString(round(patient_days * 24, 6))"
                    + " FROM v_census_patient_days WHERE region_code = 'R7' AND day = '2026-01-14'"
                    + " ORDER BY level, hospital_code, unit_code"))
        .containsExactly(
            row("HOSPITAL", "R7H1", "", "50"),
            row("REGION", "", "", "50"),
            row("UNIT", "R7H1", "R7A", "22"),
            row("UNIT", "R7H1", "R7B", "6"),
            row("UNIT", "R7H1", "R7C", "22"));
    assertThat(
            STACK.query(
                "SELECT unit_code, hospital_code, toString(count()), toString(countIf(isNull(available)))"
                    + " FROM v_census_hourly WHERE region_code = 'R7' AND level = 'UNIT'"
                    + " AND toDate(hour_start, 'Europe/Stockholm') = '2026-01-14'"
                    + " GROUP BY unit_code, hospital_code ORDER BY unit_code, hospital_code"))
        .containsExactly(
            row("R7A", "R7H1", "12", "0"),
            row("R7A", "R7H2", "12", "0"),
            row("R7B", "R7H1", "12", "0"),
            row("R7C", "R7H1", "22", "4"));
    List<DeadLetter> letters =
        STACK.readAll(topics.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 2);
    assertThat(letters)
        .extracting(d -> d.getReason() + " " + d.getEventId())
        .containsExactlyInAnyOrder("INVALID R7-a4", "INVALID R7-a5");
    assertThat(letters)
        .extracting(DeadLetter::getDetail)
        .anySatisfy(
            d -> assertThat(d).contains("unit R7GHOST has no record in the unit reference data"))
        .anySatisfy(d -> assertThat(d).contains("unit R7B has no reference period covering"));
  }

  private static String lastWritten(String region) throws Exception {
    return STACK
        .query(
            "SELECT toString(max(inserted_at)) FROM census_current FINAL WHERE region_code = '"
                + region
                + "'")
        .get(0)
        .get(0);
  }

  private JobRun runScenario(String region, int partitions) throws Exception {
    return runScenario(region, partitions, topic -> new TwoUnitsTwoDays(region, topic));
  }

  private JobRun runScenario(
      String region, int partitions, java.util.function.Function<String, TwoUnitsTwoDays> scenario)
      throws Exception {
    return runScenario(region, partitions, scenario, Map.of());
  }

  private JobRun runScenario(
      String region,
      int partitions,
      java.util.function.Function<String, TwoUnitsTwoDays> scenario,
      Map<String, String> settings)
      throws Exception {
    JobRun run =
        JobRun.of(STACK, region)
            .withTopics(
                partitions,
                PipelineOptions.TOPIC_CENSUS,
                PipelineOptions.TOPIC_INDICATORS,
                PipelineOptions.TOPIC_CURRENT_INDICATORS,
                PipelineOptions.TOPIC_DEAD_LETTERS,
                PipelineOptions.TOPIC_UNITS)
            .with(PipelineOptions.MAX_OUT_OF_ORDERNESS, "10 min")
            .with(PipelineOptions.ALLOWED_LATENESS, "2 h")
            .with(settings);
    TwoUnitsTwoDays events = scenario.apply(run.topic(PipelineOptions.TOPIC_CENSUS));
    STACK.send(events.units(run.topic(PipelineOptions.TOPIC_UNITS)));
    STACK.send(events.records());
    runJob(run);
    return run;
  }

  private static void runJob(JobRun run) throws Exception {
    PipelineSettings settings = run.settings();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    new CensusJob(
            RawKafkaSource.of(settings, CensusJob.NAME, run.topic(PipelineOptions.TOPIC_CENSUS)),
            ReferenceTopic.read(settings, CensusJob.NAME, run.topic(PipelineOptions.TOPIC_UNITS)),
            CensusSinks.production(settings),
            CensusSettings.from(settings))
        .execute(env);
  }

  private static List<List<String>> everyFigureOf(String region) throws Exception {
    return STACK.rowsOfRegion(region, CensusRuns.VIEWS);
  }

  private static Map<String, IndicatorValue> newestByKey(List<IndicatorValue> values) {
    Map<String, IndicatorValue> newest = new HashMap<>();
    for (IndicatorValue v : values) {
      newest.merge(v.getKey(), v, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
    }
    return newest;
  }

  private static DeadLetter only(List<DeadLetter> letters, DeadLetterReason reason) {
    return letters.stream().filter(d -> d.getReason() == reason).findFirst().orElseThrow();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
