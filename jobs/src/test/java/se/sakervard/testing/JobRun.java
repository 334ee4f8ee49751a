package se.sakervard.testing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.core.config.PipelineSettings;

/**
 * One job run of an integration test on the local stack: fresh topics of its own (each option's
 * default name with the run's suffix, so runs never read each other's records), the bounded-run
 * settings that point the job at them, and the row comparison the tests read ClickHouse with.
 */
public final class JobRun {
  private final LocalStackExtension stack;
  private final String suffix;
  private final Map<ConfigOption<String>, String> topics = new LinkedHashMap<>();
  private final Map<String, String> settings = new HashMap<>();

  private JobRun(LocalStackExtension stack, String suffix) {
    this.stack = stack;
    this.suffix = suffix;
  }

  /** A run of {@code region}'s scenario, named after it. */
  public static JobRun of(LocalStackExtension stack, String region) {
    return new JobRun(stack, region + "-" + UUID.randomUUID());
  }

  /**
   * A run whose topics and consumer group end in {@code suffix}, the same every time: for a job
   * restored from a savepoint kept from an earlier run, whose sources go on with the offsets of the
   * topics they read then.
   */
  public static JobRun named(LocalStackExtension stack, String suffix) {
    return new JobRun(stack, suffix);
  }

  /** As {@link #withTopics}, deleting the topics first if an earlier run left them. */
  @SafeVarargs
  public final JobRun withFreshTopics(int partitions, ConfigOption<String>... options)
      throws Exception {
    stack
        .kafka()
        .deleteTopics(java.util.Arrays.stream(options).map(this::nameOf).toArray(String[]::new));
    return withTopics(partitions, options);
  }

  /** The run's topics for these options, created with {@code partitions} partitions each. */
  @SafeVarargs
  public final JobRun withTopics(int partitions, ConfigOption<String>... options) throws Exception {
    String[] names = new String[options.length];
    for (int i = 0; i < options.length; i++) {
      names[i] = nameOf(options[i]);
      topics.put(options[i], names[i]);
    }
    stack.kafka().createTopics(partitions, names);
    return this;
  }

  /** A setting of the run beyond its topics and the bounded-run defaults. */
  public JobRun with(ConfigOption<?> option, String value) {
    settings.put(option.key(), value);
    return this;
  }

  public JobRun with(Map<String, String> values) {
    settings.putAll(values);
    return this;
  }

  private String nameOf(ConfigOption<String> option) {
    return option.defaultValue() + "-" + suffix;
  }

  /** The run's topic for {@code option}. */
  public String topic(ConfigOption<String> option) {
    String name = topics.get(option);
    if (name == null) {
      throw new IllegalArgumentException("The run has no topic for " + option.key());
    }
    return name;
  }

  /**
   * Reads the run's topics to their end and finishes, with a consumer group of its own, writing to
   * the stack's ClickHouse.
   */
  public PipelineSettings settings() {
    Map<String, String> values = stack.boundedRunSettings(suffix);
    topics.forEach((option, name) -> values.put(option.key(), name));
    values.putAll(settings);
    return PipelineSettings.of(values);
  }

  /** A row as ClickHouse returns it through {@link LocalStackExtension#query}; null is NULL. */
  public static List<String> row(String... values) {
    return Arrays.asList(values);
  }
}
