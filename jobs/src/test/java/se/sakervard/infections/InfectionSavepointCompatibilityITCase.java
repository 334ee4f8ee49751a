package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.configuration.ConfigOption;
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

/**
 * The infection job of this version restores the savepoints of earlier releases
 * (docs/operations.md, "Upgrades and savepoints"): every savepoint kept under {@code
 * src/test/resources/savepoints/infections-<release>} was taken after the {@link TwoUnitsFourDays}
 * records through C3's second report (every patient day, C1's and C2's Klebsiella cluster, C3 and
 * its duplicate); this version starts from it, is sent the rest (C9, the hygiene audits, the
 * survey, the finding and the last audit that ends day 3), and must end with every infection figure
 * of the whole scenario run without a stop. {@code -Dsakervard.savepoint.write=<release>} keeps
 * this version's savepoint.
 */
class InfectionSavepointCompatibilityITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String REGION = "IV";
  private static final String SUFFIX = "infection-savepoint-compatibility";

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @TempDir static Path savepoints;

  @Test
  void shouldRestoreTheSavepointOfEveryKeptRelease() throws Exception {
    String release = KeptSavepoints.releaseToKeep();
    if (release != null) {
      JobRun run = freshRun();
      STACK.send(firstPart(run));
      KeptSavepoints.keep(runs().stop(runUntilCut(run)), "infections-" + release);
      return;
    }
    List<Path> kept = KeptSavepoints.of("infections-");
    assertThat(kept).as("kept infection savepoints").isNotEmpty();

    JobRun reference =
        configured(JobRun.of(STACK, "IX").withTopics(1, TOPICS))
            .with(PipelineOptions.KAFKA_BOUNDED, "true");
    TwoUnitsFourDays whole = scenario(reference, "IX");
    STACK.send(whole.units(reference.topic(PipelineOptions.TOPIC_UNITS)));
    STACK.send(whole.records());
    STACK.send(whole.timeTo(TIME_TO));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    job(reference).execute(env);
    List<List<String>> expected =
        scenarioDays(STACK.rowsOfRegionAs("IX", REGION, InfectionJobITCase.VIEWS));
    assertThat(expected).hasSizeGreaterThan(50);

    for (Path savepoint : kept) {
      JobRun run = freshRun();
      KeptSavepoints.clearRegion(
          STACK,
          REGION,
          "infection_incidence",
          "hygiene_compliance",
          "multi_resistant_findings",
          "infection_prevalence",
          "infection_clusters");
      List<ProducerRecord<String, byte[]>> all = scenario(run, REGION).records();
      List<ProducerRecord<String, byte[]>> first = firstPart(run);
      STACK.send(first);
      // The rows the release wrote before its savepoint, written again by this version.
      runs().stop(runUntilCut(run));
      STACK.send(all.subList(first.size(), all.size()));
      STACK.send(scenario(run, REGION).timeTo(TIME_TO));
      KeptSavepoints.assertRestores(
          runs(),
          savepoint,
          graph(run),
          () -> scenarioDays(STACK.rowsOfRegion(REGION, InfectionJobITCase.VIEWS)),
          expected);
    }
  }

  /**
   * The local day both inputs' time is moved on to. A run without end closes a day only once every
   * input's time has passed it; a bounded run closes every day at its end. The figures of the
   * scenario's days 0 to 2 (2 to 4 March), which hold all its cases, audits, survey and finding,
   * are compared; those of day 3 on are not final in a run without end.
   */
  private static final int TIME_TO = 6;

  private static final String FIRST_DAY_NOT_COMPARED = "2026-03-05";

  private static List<List<String>> scenarioDays(List<List<String>> rows) {
    return rows.stream()
        .filter(
            row ->
                row.stream()
                    .noneMatch(
                        cell ->
                            cell != null
                                && cell.matches("\\d{4}-\\d{2}-\\d{2}.*")
                                && cell.substring(0, 10).compareTo(FIRST_DAY_NOT_COMPARED) >= 0))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static final ConfigOption<String>[] TOPICS =
      new ConfigOption[] {
        PipelineOptions.TOPIC_INFECTIONS,
        PipelineOptions.TOPIC_INDICATORS,
        PipelineOptions.TOPIC_INFECTION_CLUSTERS,
        PipelineOptions.TOPIC_DEAD_LETTERS,
        PipelineOptions.TOPIC_UNITS
      };

  /** As {@code InfectionJobITCase} runs the scenario: the plain two-case cluster rule. */
  private static JobRun configured(JobRun run) {
    return run.with(PipelineOptions.INFECTIONS_CLUSTER_RULE, "plain");
  }

  /**
   * The kept savepoints' topics, empty, with the scenario's units; running without end. The census
   * input, sent in full before the observations' last day, is idle after 2 s, so the observations'
   * time closes the last days as the end of a bounded run does.
   */
  private static JobRun freshRun() throws Exception {
    JobRun run =
        configured(JobRun.named(STACK, SUFFIX).withFreshTopics(1, TOPICS))
            .with(PipelineOptions.KAFKA_BOUNDED, "false")
            .with(PipelineOptions.IDLE_TIMEOUT, "2 s");
    STACK.send(scenario(run, REGION).units(run.topic(PipelineOptions.TOPIC_UNITS)));
    return run;
  }

  private static TwoUnitsFourDays scenario(JobRun run, String region) {
    return new TwoUnitsFourDays(
        region,
        run.topic(PipelineOptions.TOPIC_INFECTIONS),
        run.topic(PipelineOptions.TOPIC_INDICATORS));
  }

  /** The scenario's records through C3's second report. */
  private static List<ProducerRecord<String, byte[]>> firstPart(JobRun run) throws Exception {
    TwoUnitsFourDays scenario = scenario(run, REGION);
    return scenario.records().subList(0, scenario.recordsThrough("c3-again"));
  }

  /** Runs until C1 and C2's cluster is written: the first part is in the job's state. */
  private JobClient runUntilCut(JobRun run) throws Exception {
    return KeptSavepoints.runUntilCut(
        runs(),
        graph(run),
        STACK,
        "SELECT cluster_id FROM infection_clusters FINAL WHERE region_code = '" + REGION + "'",
        "C1 and C2's cluster");
  }

  private static Consumer<StreamExecutionEnvironment> graph(JobRun run) {
    return env -> job(run).attachTo(env);
  }

  private static InfectionJob job(JobRun run) {
    PipelineSettings settings = run.settings();
    return new InfectionJob(
        RawKafkaSource.of(settings, InfectionJob.NAME, run.topic(PipelineOptions.TOPIC_INFECTIONS)),
        RawKafkaSource.of(settings, InfectionJob.NAME, run.topic(PipelineOptions.TOPIC_INDICATORS)),
        ReferenceTopic.read(settings, InfectionJob.NAME, run.topic(PipelineOptions.TOPIC_UNITS)),
        InfectionSinks.production(settings),
        InfectionSettings.from(settings));
  }

  private static SavepointRuns runs() {
    return new SavepointRuns(savepoints, DEADLINE);
  }
}
