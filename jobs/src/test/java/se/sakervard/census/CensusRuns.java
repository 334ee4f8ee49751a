package se.sakervard.census;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.RawKafkaSource;
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
          CensusSinks.production(settings),
          CensusSettings.from(settings));
    }
  }

  /**
   * Creates the run's topics (one partition: the scenario's late events are late in that order) and
   * sends the scenario to them.
   */
  static Run prepare(LocalStackExtension stack, TwoUnitsTwoDays scenario, String region)
      throws Exception {
    Run run = topicsAndSettings(stack, scenario, region, true);
    stack.send(scenario.records());
    return run;
  }

  /**
   * Creates the run's topics as {@link #prepare} does but sends nothing, for a job that reads the
   * topic without end while the test sends the scenario in parts.
   */
  static Run live(LocalStackExtension stack, TwoUnitsTwoDays scenario, String region)
      throws Exception {
    return topicsAndSettings(stack, scenario, region, false);
  }

  private static Run topicsAndSettings(
      LocalStackExtension stack, TwoUnitsTwoDays scenario, String region, boolean bounded)
      throws Exception {
    String suffix = region + "-" + UUID.randomUUID();
    String indicators = "indicators-" + suffix;
    String deadLetters = "dead-letters-" + suffix;
    stack.kafka().createTopics(1, scenario.topic(), indicators, deadLetters);
    Map<String, String> values = stack.boundedRunSettings(suffix);
    values.put(PipelineOptions.KAFKA_BOUNDED.key(), Boolean.toString(bounded));
    values.put(PipelineOptions.TOPIC_CENSUS.key(), scenario.topic());
    values.put(PipelineOptions.TOPIC_INDICATORS.key(), indicators);
    values.put(PipelineOptions.TOPIC_DEAD_LETTERS.key(), deadLetters);
    values.put(PipelineOptions.MAX_OUT_OF_ORDERNESS.key(), "10 min");
    values.put(PipelineOptions.ALLOWED_LATENESS.key(), "2 h");
    return new Run(PipelineSettings.of(values), scenario.topic(), deadLetters);
  }

  /** Every figure of a region, its region code made neutral so that two regions compare. */
  static List<List<String>> figures(LocalStackExtension stack, String region) throws Exception {
    return stack.rowsOfRegion(region, VIEWS).stream()
        .map(row -> row.stream().map(v -> v == null ? null : v.replace(region, "R")).toList())
        .toList();
  }
}
