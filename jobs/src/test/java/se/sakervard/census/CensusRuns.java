package se.sakervard.census;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.testing.LocalStackExtension;

/** The census job over a {@link TwoUnitsTwoDays} scenario on the local stack, and its figures. */
final class CensusRuns {
  /** Every view of the census figures. */
  static final String[] VIEWS = {
    "v_census_current",
    "v_census_hourly",
    "v_census_rolling_24h",
    "v_census_daily_snapshot",
    "v_census_patient_days",
    "v_census_monthly_official"
  };

  private CensusRuns() {}

  /** A run's settings and its dead-letter topic. */
  record Run(PipelineSettings settings, String census, String deadLetters) {
    CensusJob job() {
      return new CensusJob(
          RawKafkaSource.of(settings, CensusJob.NAME, census),
          ReferenceTopic.read(settings, CensusJob.NAME, settings.get(PipelineOptions.TOPIC_UNITS)),
          CensusSinks.production(settings),
          CensusSettings.from(settings));
    }

    /** The same run reading its topic without end, as in production: it runs until cancelled. */
    Run unbounded() {
      return new Run(settings.with(PipelineOptions.KAFKA_BOUNDED, "false"), census, deadLetters);
    }

    /**
     * The same run writing every unit hour, changed or not ({@code census.write-unchanged-hours}).
     */
    Run writingEveryHour() {
      return new Run(
          settings.with(PipelineOptions.WRITE_UNCHANGED_HOURS, "true"), census, deadLetters);
    }

    /** Runs the job to the end of its input: parallelism 2, as in the other census runs. */
    void runToEnd() throws Exception {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      job().execute(env);
    }

    /** The same run with {@code kafka.client.<property>} set for its Kafka clients. */
    Run withKafkaClient(String property, String value) {
      return new Run(settings.withKafkaClient(property, value), census, deadLetters);
    }

    /** The job's consumer group: its committed offsets tell how far completed checkpoints got. */
    String groupId() {
      return RawKafkaSource.groupId(settings, CensusJob.NAME);
    }

    /**
     * Starts the job with parallelism 2, checkpointing every second and restarting from its last
     * checkpoint after any failure (2 s apart, up to 1,000 times).
     */
    JobClient startRestarting(String name) throws Exception {
      return startRestarting(name, "hashmap");
    }

    /**
     * The same, the state on {@code stateBackend}: {@code hashmap} (the heap) or {@code rocksdb}
     * (with incremental checkpoints, as production's census).
     */
    JobClient startRestarting(String name, String stateBackend) throws Exception {
      Configuration restarts = new Configuration();
      restarts.set(StateBackendOptions.STATE_BACKEND, stateBackend);
      restarts.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend.equals("rocksdb"));
      restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1_000);
      restarts.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restarts);
      env.setParallelism(2);
      env.enableCheckpointing(1_000);
      PipelineJob.refuseGenericTypes(env);
      job().attachTo(env);
      return env.executeAsync(name);
    }
  }

  /**
   * Creates the run's topics (one partition: the scenario's late events are late in that order) and
   * sends the scenario to them.
   */
  static Run prepare(LocalStackExtension stack, TwoUnitsTwoDays scenario, String region)
      throws Exception {
    Run run = create(stack, scenario, region);
    stack.send(scenario.records());
    return run;
  }

  /**
   * Creates the run's topics as {@link #prepare} does but sends nothing, for a job that reads the
   * topic without end while the test sends the scenario in parts.
   */
  static Run live(LocalStackExtension stack, TwoUnitsTwoDays scenario, String region)
      throws Exception {
    return create(stack, scenario, region).unbounded();
  }

  /**
   * Creates the run's topics and bounded settings without sending anything: the caller sends the
   * scenario's records when it likes.
   */
  static Run create(LocalStackExtension stack, TwoUnitsTwoDays scenario, String region)
      throws Exception {
    return createNamed(stack, scenario, region + "-" + UUID.randomUUID());
  }

  /**
   * The same with topic names and consumer group ending in {@code suffix}: the same every time, for
   * a job restored from a savepoint kept from an earlier run, whose sources go on with the offsets
   * of the topics they read then.
   */
  static Run createNamed(LocalStackExtension stack, TwoUnitsTwoDays scenario, String suffix)
      throws Exception {
    String indicators = "indicators-" + suffix;
    String currentIndicators = "current-indicators-" + suffix;
    String deadLetters = "dead-letters-" + suffix;
    String units = "unit-reference-" + suffix;
    stack
        .kafka()
        .createTopics(1, scenario.topic(), indicators, currentIndicators, deadLetters, units);
    stack.send(scenario.units(units));
    Map<String, String> values = stack.boundedRunSettings(suffix);
    values.put(PipelineOptions.TOPIC_CENSUS.key(), scenario.topic());
    values.put(PipelineOptions.TOPIC_INDICATORS.key(), indicators);
    values.put(PipelineOptions.TOPIC_CURRENT_INDICATORS.key(), currentIndicators);
    values.put(PipelineOptions.TOPIC_DEAD_LETTERS.key(), deadLetters);
    values.put(PipelineOptions.TOPIC_UNITS.key(), units);
    values.put(PipelineOptions.MAX_OUT_OF_ORDERNESS.key(), "10 min");
    values.put(PipelineOptions.ALLOWED_LATENESS.key(), "2 h");
    return new Run(PipelineSettings.of(values), scenario.topic(), deadLetters);
  }

  /** Deletes the topics {@link #createNamed} made for {@code suffix} and the scenario. */
  static void deleteNamed(LocalStackExtension stack, TwoUnitsTwoDays scenario, String suffix)
      throws Exception {
    stack
        .kafka()
        .deleteTopics(
            scenario.topic(),
            "indicators-" + suffix,
            "current-indicators-" + suffix,
            "dead-letters-" + suffix,
            "unit-reference-" + suffix);
  }

  /** Every figure of a region, its region code made neutral so that two regions compare. */
  static List<List<String>> figures(LocalStackExtension stack, String region) throws Exception {
    return stack.rowsOfRegion(region, VIEWS).stream()
        .map(row -> row.stream().map(v -> v == null ? null : v.replace(region, "R")).toList())
        .toList();
  }
}
