package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.SavepointRuns;

/**
 * The whole census job stopped with a savepoint and started again from it (docs/reliability.md,
 * fault 2), also as an upgraded job that adds an indicator. The job reads its topic without end
 * while the test sends the {@link TwoUnitsTwoDays} scenario in parts, stopping the job with a
 * savepoint between them; every start from a savepoint must map all of the savepoint's state to the
 * new graph (non-restored state not allowed). The final ClickHouse figures must equal those of the
 * same input run without a stop.
 */
class SavepointResumeITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @TempDir static Path savepoints;

  /** The state backend of the jobs this test starts. */
  private String backend = "hashmap";

  private static List<List<String>> expected;

  @BeforeAll
  static void runTheScenarioWithoutAStop() throws Exception {
    CensusRuns.Run run =
        CensusRuns.prepare(
            STACK, new TwoUnitsTwoDays("R1", "census-R1-" + UUID.randomUUID()), "R1");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    run.job().execute(env);
    expected = CensusRuns.figures(STACK, "R1");
    assertThat(expected).hasSizeGreaterThan(100);
  }

  /** The state on the heap, and on RocksDB with incremental checkpoints as production's census. */
  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void shouldCountEveryEventOnceWhenTheJobIsStoppedWithASavepointAndResumed(
      String stateBackend, @InjectClusterClient ClusterClient<?> cluster) throws Exception {
    backend = stateBackend;
    String region = stateBackend.equals("rocksdb") ? "R4" : "R2";
    TwoUnitsTwoDays scenario =
        new TwoUnitsTwoDays(region, "census-" + region + "-" + UUID.randomUUID());
    CensusRuns.Run run = CensusRuns.live(STACK, scenario, region);
    Consumer<StreamExecutionEnvironment> census = env -> run.job().attachTo(env);

    // Cut after the first copy of S4's admission: its duplicate comes after the resume and must be
    // recognised from the restored state (MED holds S1-S4).
    int first = scenario.recordsThrough("a4");
    STACK.send(scenario.records().subList(0, first));
    String savepoint = runUntilCurrent(census, null, region, "MED", 4, 4);

    // Cut after S8's late admission (SURG then holds S6, S5, S8): the first event after the resume
    // is S9's admission at 08:00 on day 1, with the watermark at 23:50 before the stop: too late
    // for 2 h of allowed lateness, dead-lettered as in the run without a stop.
    int second = scenario.recordsThrough("a8");
    STACK.send(scenario.records().subList(first, second));
    savepoint = runUntilCurrent(census, savepoint, region, "SURG", 3, 2);

    STACK.send(scenario.records().subList(second, scenario.records().size()));
    long resumed = System.nanoTime();
    JobClient job = start(census, savepoint);
    awaitFigures(job, region);
    double settled = (System.nanoTime() - resumed) / 1e9;
    assertThat(MiniClusters.stateBackendOf(cluster, job.getJobID()))
        .isEqualTo(
            stateBackend.equals("rocksdb") ? "EmbeddedRocksDBStateBackend" : "HashMapStateBackend");
    stop(job);

    List<List<String>> figures = CensusRuns.figures(STACK, region);
    Map<String, Long> deadLetters = deadLettersByReason(run);
    System.out.printf(
        "Savepoint resume (%s): 2 stops, 3 starts; %d of %d figure rows as without a stop"
            + " (%.1f s after the last start); dead letters %s%n",
        stateBackend,
        figures.stream().filter(expected::contains).count(),
        expected.size(),
        settled,
        deadLetters);
    assertThat(figures).isEqualTo(expected);
    assertThat(deadLetters)
        .containsExactlyInAnyOrderEntriesOf(Map.of("MALFORMED", 1L, "TOO_LATE", 1L));
  }

  @Test
  void shouldRestoreTheSavepointIntoAnUpgradedJobThatAddsAnIndicator() throws Exception {
    ClickHouseSchema.apply(
        STACK.jdbcUrl(),
        Path.of(SavepointResumeITCase.class.getResource("/savepoint-upgrade").toURI()));
    TwoUnitsTwoDays scenario = new TwoUnitsTwoDays("R3", "census-R3-" + UUID.randomUUID());
    CensusRuns.Run run = CensusRuns.live(STACK, scenario, "R3");
    CensusSettings settings = CensusSettings.from(run.settings());
    Consumer<StreamExecutionEnvironment> census = env -> run.job().attachTo(env);
    Consumer<StreamExecutionEnvironment> upgraded =
        env -> OvercrowdedHours.attach(run.job().attach(env).figures(), settings, run.settings());

    // Cut after SURG's beds went down to 2 at midnight: event time then stands at 23:50 on day 1.
    int cut = scenario.recordsThrough("b3");
    STACK.send(scenario.records().subList(0, cut));
    String savepoint = runUntilCurrent(census, null, "R3", "SURG", 2, 2);

    STACK.send(scenario.records().subList(cut, scenario.records().size()));
    long resumed = System.nanoTime();
    JobClient job = start(upgraded, savepoint);
    awaitFigures(job, "R3");
    double settled = (System.nanoTime() - resumed) / 1e9;
    // The new indicator has no state in the savepoint and sees the hours that close after the
    // resume: S8's late admission (22:30) re-emits SURG's closed hour 22-23 on day 1 (3 patients
    // in 3 beds: not overcrowded); the watermark of the last events (day 3 00:50) closes 23-24 on
    // day 1 and all 24 hours of day 2. SURG has 2 beds from day 2 00:00 and 3 patients (S5, S6,
    // S8), 4 from 01:00 (S7): overcrowded all day. MED holds 3 or fewer patients in 4 beds from
    // day 1 20:00 on.
    List<List<String>> overcrowdedHours =
        List.of(
            List.of("R3MED", "2026-01-14", "1", "0"),
            List.of("R3MED", "2026-01-15", "24", "0"),
            List.of("R3SURG", "2026-01-14", "2", "0"),
            List.of("R3SURG", "2026-01-15", "24", "24"));
    await(job, () -> overcrowdedHours("R3").equals(overcrowdedHours));
    String upgradedSavepoint = stop(job);

    List<List<String>> figures = CensusRuns.figures(STACK, "R3");
    System.out.printf(
        "Savepoint upgrade: %d of %d figure rows as without a stop (%.1f s after the upgraded"
            + " start); census_overcrowded_hours (unit, day, hours, overcrowded) %s%n",
        figures.stream().filter(expected::contains).count(),
        expected.size(),
        settled,
        overcrowdedHours("R3"));
    assertThat(figures).isEqualTo(expected);
    assertThat(overcrowdedHours("R3")).isEqualTo(overcrowdedHours);
    // The check is on: the job without the indicator cannot take the upgraded job's savepoint,
    // whose indicator state it would drop.
    assertThatThrownBy(
            () -> start(census, upgradedSavepoint).getJobExecutionResult().get(1, TimeUnit.MINUTES))
        .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator");
  }

  /**
   * Runs the graph (from the savepoint, if any) until a unit's current row holds {@code occupied}
   * patients in {@code available} beds, which is when the records sent so far are in its state,
   * then stops it with a savepoint; returns the savepoint's path.
   */
  private String runUntilCurrent(
      Consumer<StreamExecutionEnvironment> graph,
      String savepoint,
      String region,
      String unit,
      int occupied,
      int available)
      throws Exception {
    JobClient job = start(graph, savepoint);
    List<List<String>> current =
        List.of(List.of(Integer.toString(occupied), Integer.toString(available)));
    boolean reached =
        await(
            job,
            () ->
                STACK
                    .query(
                        "SELECT toString(occupied), toString(available) FROM census_current FINAL"
                            + " WHERE level = 'UNIT' AND region_code = '"
                            + region
                            + "' AND unit_code = '"
                            + region
                            + unit
                            + "'")
                    .equals(current));
    assertThat(reached)
        .as("%s%s at %d patients in %d beds within %s", region, unit, occupied, available, DEADLINE)
        .isTrue();
    return stop(job);
  }

  private JobClient start(Consumer<StreamExecutionEnvironment> graph, String savepoint)
      throws Exception {
    return runs().start(graph, savepoint, "sakervard-census-savepoint");
  }

  private String stop(JobClient job) throws Exception {
    return runs().stop(job);
  }

  /** Waits until the region's figures equal the run's without a stop (the caller asserts). */
  private void awaitFigures(JobClient job, String region) throws Exception {
    await(job, () -> CensusRuns.figures(STACK, region).equals(expected));
  }

  private boolean await(JobClient job, SavepointRuns.Condition condition) throws Exception {
    return runs().await(job, condition);
  }

  /** Savepoints in this class's directory, a minute for every wait. */
  private SavepointRuns runs() {
    return new SavepointRuns(savepoints, DEADLINE, backend);
  }

  private static List<List<String>> overcrowdedHours(String region) throws Exception {
    return STACK.query(
        "SELECT unit_code, toString(day), toString(hours), toString(overcrowded_hours)"
            + " FROM census_overcrowded_hours FINAL WHERE region_code = '"
            + region
            + "' ORDER BY unit_code, day");
  }

  private static Map<String, Long> deadLettersByReason(CensusRuns.Run run) throws Exception {
    return STACK.readAll(run.deadLetters(), DeadLetter.class, 2).stream()
        .collect(Collectors.groupingBy(d -> d.getReason().name(), Collectors.counting()));
  }
}
