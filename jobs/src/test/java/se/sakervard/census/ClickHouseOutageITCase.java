package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.testing.LocalStackExtension;

/**
 * ClickHouse down for a minute while the census job works through its input (issue 7, fault 3): the
 * sink fails, the job restarts from its last checkpoint again and again (a checkpoint cannot
 * complete while the sink cannot flush), and once ClickHouse is back it finishes with exactly the
 * figures of the same input without the outage: nothing lost, nothing counted twice.
 */
class ClickHouseOutageITCase {
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldLoseNoRowAndCountNoneTwiceWhenClickHouseIsDownForAMinute() throws Exception {
    start(new TwoUnitsTwoDays("R7", "census-R7-" + UUID.randomUUID()), "R7")
        .getJobExecutionResult()
        .get(2, TimeUnit.MINUTES);
    List<List<String>> expected = figures("R7");

    STACK.stopClickHouse();
    JobClient job = start(new TwoUnitsTwoDays("R8", "census-R8-" + UUID.randomUUID()), "R8");
    Thread.sleep(OUTAGE.toMillis());
    // Without ClickHouse the job cannot finish (a clean run takes seconds): it keeps failing at
    // the sink and restarting from its last checkpoint.
    assertThat(job.getJobStatus().get()).isIn(JobStatus.RUNNING, JobStatus.RESTARTING);
    STACK.startClickHouse();
    job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(figures("R8")).isEqualTo(expected);
  }

  /** Every figure of a region, its region code made neutral so two regions compare. */
  private static List<List<String>> figures(String region) throws Exception {
    return STACK
        .rowsOfRegion(
            region,
            "v_census_current",
            "v_census_hourly",
            "v_census_rolling_24h",
            "v_census_daily_snapshot",
            "v_census_patient_days",
            "v_census_monthly_official")
        .stream()
        .map(row -> row.stream().map(v -> v == null ? null : v.replace(region, "R")).toList())
        .toList();
  }

  /** Starts the census job over the scenario, checkpointing every second, restarting on failure. */
  private static JobClient start(TwoUnitsTwoDays scenario, String region) throws Exception {
    String suffix = region + "-" + UUID.randomUUID();
    String indicators = "indicators-" + suffix;
    String deadLetters = "dead-letters-" + suffix;
    STACK.kafka().createTopics(1, scenario.topic(), indicators, deadLetters);
    STACK.send(scenario.records());
    Map<String, String> values = STACK.boundedRunSettings(suffix);
    values.put(PipelineOptions.TOPIC_CENSUS.key(), scenario.topic());
    values.put(PipelineOptions.TOPIC_INDICATORS.key(), indicators);
    values.put(PipelineOptions.TOPIC_DEAD_LETTERS.key(), deadLetters);
    values.put(PipelineOptions.MAX_OUT_OF_ORDERNESS.key(), "10 min");
    values.put(PipelineOptions.ALLOWED_LATENESS.key(), "2 h");
    PipelineSettings settings = PipelineSettings.of(values);
    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1_000);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restarts);
    env.setParallelism(2);
    env.enableCheckpointing(1_000);
    new CensusJob(
            RawKafkaSource.of(settings, CensusJob.NAME, scenario.topic()),
            CensusSinks.production(settings),
            CensusSettings.from(settings))
        .attachTo(env);
    return env.executeAsync("sakervard-census-outage-" + region);
  }
}
