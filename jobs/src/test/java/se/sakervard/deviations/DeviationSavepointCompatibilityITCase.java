package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.testing.JobRun;
import se.sakervard.testing.KeptSavepoints;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.SavepointRuns;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The deviation job of this version restores the savepoints of earlier releases
 * (docs/operations.md, "Upgrades and savepoints"), as {@code SavepointCompatibilityITCase} does for
 * the census: every savepoint kept under {@code src/test/resources/savepoints/deviations-<release>}
 * was taken after the {@link FourCasesOneMonth} cases' events up to K2's close on day 11; this
 * version starts from it, is sent the rest, and must end with every deviation figure of the whole
 * scenario run without a stop. {@code -Dsakervard.savepoint.write=<release>} keeps this version's
 * savepoint.
 */
class DeviationSavepointCompatibilityITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String REGION = "DV";
  private static final String SUFFIX = "deviation-savepoint-compatibility";
  private static final String[] VIEWS = DeviationJobITCase.VIEWS;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @TempDir static Path savepoints;

  @Test
  void shouldRestoreTheSavepointOfEveryKeptRelease() throws Exception {
    String release = KeptSavepoints.releaseToKeep();
    if (release != null) {
      JobRun run = freshRun();
      STACK.send(firstPart(run));
      KeptSavepoints.keep(runs().stop(runUntilCut(run)), "deviations-" + release);
      return;
    }
    List<Path> kept = KeptSavepoints.of("deviations-");
    assertThat(kept).as("kept deviation savepoints").isNotEmpty();

    JobRun reference = JobRun.of(STACK, "DX").with(PipelineOptions.KAFKA_BOUNDED, "true");
    createTopics(reference, "DX");
    STACK.send(new FourCasesOneMonth("DX", deviations(reference)).records());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    job(reference.settings(), reference).execute(env);
    List<List<String>> expected = STACK.rowsOfRegionAs("DX", REGION, VIEWS);
    assertThat(expected).hasSizeGreaterThan(10);

    for (Path savepoint : kept) {
      JobRun run = freshRun();
      KeptSavepoints.clearRegion(
          STACK,
          REGION,
          "deviation_cases",
          "deviation_monthly",
          "deviation_backlog",
          "deviation_backlog_month_end",
          "deviation_daily",
          "deviation_reported_rolling");
      List<ProducerRecord<String, byte[]>> all = scenario(run);
      List<ProducerRecord<String, byte[]>> first = firstPart(run);
      STACK.send(first);
      // The rows the release wrote before its savepoint, written again by this version.
      runs().stop(runUntilCut(run));
      STACK.send(all.subList(first.size(), all.size()));
      KeptSavepoints.assertRestores(
          runs(), savepoint, graph(run), () -> STACK.rowsOfRegion(REGION, VIEWS), expected);
    }
  }

  /** The kept savepoints' topics, empty, with the units U1 and U2 of H1; running without end. */
  private static JobRun freshRun() throws Exception {
    JobRun run =
        JobRun.named(STACK, SUFFIX)
            .withFreshTopics(
                1,
                PipelineOptions.TOPIC_DEVIATIONS,
                PipelineOptions.TOPIC_INDICATORS,
                PipelineOptions.TOPIC_CURRENT_INDICATORS,
                PipelineOptions.TOPIC_DEAD_LETTERS,
                PipelineOptions.TOPIC_UNITS)
            .with(PipelineOptions.KAFKA_BOUNDED, "false");
    sendUnits(run, REGION);
    return run;
  }

  private static void createTopics(JobRun run, String region) throws Exception {
    run.withTopics(
        1,
        PipelineOptions.TOPIC_DEVIATIONS,
        PipelineOptions.TOPIC_INDICATORS,
        PipelineOptions.TOPIC_CURRENT_INDICATORS,
        PipelineOptions.TOPIC_DEAD_LETTERS,
        PipelineOptions.TOPIC_UNITS);
    sendUnits(run, region);
  }

  private static void sendUnits(JobRun run, String region) throws Exception {
    String units = run.topic(PipelineOptions.TOPIC_UNITS);
    STACK.send(
        List.of(
            UnitReferenceRecords.somatic(units, region, region + "-H1", region + "-H1-U1"),
            UnitReferenceRecords.somatic(units, region, region + "-H1", region + "-H1-U2")));
  }

  private static String deviations(JobRun run) {
    return run.topic(PipelineOptions.TOPIC_DEVIATIONS);
  }

  private static List<ProducerRecord<String, byte[]>> scenario(JobRun run) {
    return new FourCasesOneMonth(REGION, deviations(run)).records();
  }

  /** The scenario's records up to and including K2's close on day 11. */
  private static List<ProducerRecord<String, byte[]>> firstPart(JobRun run) {
    FourCasesOneMonth scenario = new FourCasesOneMonth(REGION, deviations(run));
    return scenario.records().subList(0, scenario.recordsThrough("k2-3"));
  }

  /** Runs until K2's close is in deviation_cases: the first part is in the job's state. */
  private JobClient runUntilCut(JobRun run) throws Exception {
    return KeptSavepoints.runUntilCut(
        runs(),
        graph(run),
        STACK,
        "SELECT case_ref FROM deviation_cases FINAL WHERE case_ref = '"
            + REGION
            + "-K2' AND closed_at IS NOT NULL",
        "K2's close");
  }

  private static Consumer<StreamExecutionEnvironment> graph(JobRun run) {
    return env -> job(run.settings(), run).attachTo(env);
  }

  private static DeviationJob job(PipelineSettings settings, JobRun run) {
    return new DeviationJob(
        RawKafkaSource.of(settings, DeviationJob.NAME, deviations(run)),
        ReferenceTopic.read(settings, DeviationJob.NAME, run.topic(PipelineOptions.TOPIC_UNITS)),
        DeviationSinks.production(settings),
        DeviationSettings.from(settings));
  }

  private static SavepointRuns runs() {
    return new SavepointRuns(savepoints, DEADLINE);
  }
}
