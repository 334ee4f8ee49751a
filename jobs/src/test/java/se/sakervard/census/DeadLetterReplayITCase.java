package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.census.TwoUnitsTwoDays.at;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.deadletter.ReplayDeadLetters;
import se.sakervard.core.deadletter.ReplayDeadLetters.Report;
import se.sakervard.core.deadletter.ReplayDeadLetters.Selection;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.SavepointRuns;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * A unit missing from the reference data, added later, and its dead letters replayed
 * (docs/operations.md, "Replaying dead letters"). The census job runs without end, as in
 * production; allowed lateness 2 h, out-of-orderness 10 min, an unknown unit's events held 30 min
 * of event time. 14 January 2026, Stockholm; hospital H1:
 *
 * <pre>
 *  08:00  MED 4 beds; S1 admitted to MED
 *  09:00  NEW 2 beds; S4 admitted to NEW       NEW not in the reference data: held
 *  10:00  S2 admitted to MED                   watermark 09:50: NEW's two events dead-lettered
 *         NEW's reference record published, the dead letters replayed: NEW has S4 in 2 beds
 *  11:00  S3 admitted to MED                   watermark 10:50: 09-10 closes
 *         the dead letters replayed again: dropped by the job as repeats
 *  12:00  S5 admitted to MED                   watermark 11:50: 10-11 closes
 * </pre>
 *
 * Hour 09-10: MED 1 patient (S1) in 4 beds, NEW 1 (S4) in 2, H1 2 in 6. Hour 10-11: MED 2 (S1, S2),
 * NEW 1, H1 3 in 6. Without the replay NEW has no figures and H1 has 1 and 2 patients in 4 beds;
 * without the replay's mark the job drops the replay as a repeat of an id it has seen.
 */
class DeadLetterReplayITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @TempDir static Path savepoints;

  @Test
  void shouldCountAnUnknownUnitsEventsOnceWhenItsDeadLettersAreReplayed() throws Exception {
    String region = "RP";
    TwoUnitsTwoDays scenario = TwoUnitsTwoDays.none(region, "census-RP-" + UUID.randomUUID());
    String h1 = region + "H1";
    scenario.withUnits(
        UnitReferenceRecords.period(
            region,
            h1,
            scenario.unit("MED"),
            CareType.SOMATIC,
            false,
            UnitReferenceRecords.SINCE,
            null));
    CensusRuns.Run created = CensusRuns.create(STACK, scenario, region);
    CensusRuns.Run run =
        new CensusRuns.Run(
                created.settings().with(PipelineOptions.UNKNOWN_UNIT_WAIT, "30 min"),
                created.census(),
                created.deadLetters())
            .unbounded();
    Consumer<StreamExecutionEnvironment> census = env -> run.job().attachTo(env);
    SavepointRuns runs = new SavepointRuns(savepoints, DEADLINE);

    scenario.beds("b1", at(1, 8, 0), "MED", 4);
    scenario.admit("a1", at(1, 8, 0), "S1", "MED", "MED");
    scenario.beds("n1", at(1, 9, 0), "NEW", 2);
    scenario.admit("n2", at(1, 9, 0), "S4", "NEW", "NEW");
    scenario.admit("a2", at(1, 10, 0), "S2", "MED", "MED");
    STACK.send(scenario.records());
    JobClient job = runs.start(census, null, "sakervard-census-replay");
    List<DeadLetter> letters = STACK.readAll(run.deadLetters(), DeadLetter.class, 2);
    assertThat(letters)
        .extracting(d -> d.getReason() + " " + d.getEventId())
        .containsExactlyInAnyOrder("INVALID RP-n1", "INVALID RP-n2");

    STACK.send(
        List.of(
            UnitReferenceRecords.record(
                run.settings().get(PipelineOptions.TOPIC_UNITS),
                UnitReferenceRecords.period(
                    region,
                    h1,
                    scenario.unit("NEW"),
                    CareType.SOMATIC,
                    false,
                    UnitReferenceRecords.SINCE,
                    null))));
    Selection invalid =
        new Selection(run.census(), Set.of(DeadLetterReason.INVALID), null, null, null);
    Report first = ReplayDeadLetters.replay(run.settings(), invalid, false, quiet());
    assertThat(first.selected()).containsExactly(Map.entry(DeadLetterReason.INVALID, 2L));
    assertThat(runs.await(job, () -> current("NEW").equals(List.of(List.of("1", "2")))))
        .as("NEW's replayed bed report and admission in its current figures")
        .isTrue();

    int sent = scenario.records().size();
    scenario.admit("a3", at(1, 11, 0), "S3", "MED", "MED");
    STACK.send(scenario.records().subList(sent, scenario.records().size()));
    assertThat(runs.await(job, () -> hours("NEW").size() == 1)).isTrue();
    Report second = ReplayDeadLetters.replay(run.settings(), invalid, false, quiet());
    assertThat(second.selectedTotal()).as("sent again").isEqualTo(2);

    sent = scenario.records().size();
    scenario.admit("a4", at(1, 12, 0), "S5", "MED", "MED");
    STACK.send(scenario.records().subList(sent, scenario.records().size()));
    assertThat(runs.await(job, () -> hours("NEW").size() == 2)).isTrue();
    runs.stop(job);

    assertThat(hours("MED"))
        .containsExactly(
            List.of("08:00", "1", "4"), List.of("09:00", "1", "4"), List.of("10:00", "2", "4"));
    assertThat(hours("NEW"))
        .containsExactly(List.of("09:00", "1", "2"), List.of("10:00", "1", "2"));
    assertThat(hospitalHours(h1))
        .containsExactly(
            List.of("08:00", "1", "4"), List.of("09:00", "2", "6"), List.of("10:00", "3", "6"));
    assertThat(STACK.readAll(run.deadLetters(), DeadLetter.class, 2))
        .as("no dead letter after the replays")
        .hasSize(2);
  }

  private static List<List<String>> current(String unit) throws Exception {
    return STACK.query(
        "SELECT toString(occupied), toString(available) FROM census_current FINAL"
            + " WHERE level = 'UNIT' AND unit_code = 'RP"
            + unit
            + "'");
  }

  /** A unit's closed hours (local start), patients and beds. */
  private static List<List<String>> hours(String unit) throws Exception {
    return hours("UNIT", "unit_code = 'RP" + unit + "'");
  }

  private static List<List<String>> hospitalHours(String hospital) throws Exception {
    return hours("HOSPITAL", "hospital_code = '" + hospital + "' AND care_type = 'SOMATIC'");
  }

  private static List<List<String>> hours(String level, String place) throws Exception {
    return STACK.query(
        "SELECT formatDateTime(hour_start, '%H:%i', 'Europe/Stockholm'), toString(occupied),"
            + " toString(available) FROM v_census_hourly WHERE level = '"
            + level
            + "' AND "
            + place
            + " ORDER BY hour_start");
  }

  private static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }
}
