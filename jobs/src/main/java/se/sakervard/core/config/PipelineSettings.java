package se.sakervard.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The jobs' configuration: {@link PipelineOptions} read from {@code --key value} arguments and an
 * optional {@code --config file.properties} (arguments win). Keys starting with {@code
 * kafka.client.} are passed to the Kafka clients as they are (e.g. {@code
 * kafka.client.security.protocol}). Unknown keys are an error, so a typo never silently falls back
 * to a default.
 */
public final class PipelineSettings implements Serializable {
  private static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
  private static final String PASSWORD_ENV = "CLICKHOUSE_PASSWORD";

  private final Map<String, String> values;

  private PipelineSettings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static PipelineSettings of(Map<String, String> values) {
    Set<String> known =
        PipelineOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());
    for (String key : values.keySet()) {
      if (!known.contains(key) && !key.startsWith(KAFKA_CLIENT_PREFIX)) {
        throw new IllegalArgumentException(
            "Unknown setting '" + key + "'. Known settings: " + String.join(", ", known));
      }
    }
    return new PipelineSettings(values);
  }

  public static PipelineSettings fromArgs(String[] args) throws IOException {
    Map<String, String> fromArgs = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Expected --key value pairs, got '"
                + args[i]
                + "'. Example: --kafka.bootstrap-servers"
                + " localhost:9092");
      }
      fromArgs.put(args[i].substring(2), args[++i]);
    }
    Map<String, String> merged = new HashMap<>();
    String file = fromArgs.remove("config");
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(Path.of(file))) {
        properties.load(reader);
      }
      properties.forEach((k, v) -> merged.put(k.toString(), v.toString()));
    }
    merged.putAll(fromArgs);
    return of(merged);
  }

  /** The value, or the default; a required option without value is a clear error. */
  public <T> T get(ConfigOption<T> option) {
    Configuration configuration = new Configuration();
    values.forEach(configuration::setString);
    T value = configuration.get(option);
    if (value == null) {
      throw new IllegalArgumentException(
          "Missing setting '"
              + option.key()
              + "': give it as --"
              + option.key()
              + " <value> or in the --config properties file ("
              + new org.apache.flink.configuration.description.HtmlFormatter()
                  .format(option.description())
              + ")");
    }
    return value;
  }

  public PipelineSettings with(ConfigOption<?> option, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(option.key(), value);
    return new PipelineSettings(copy);
  }

  /** A copy with {@code kafka.client.<property>} set, which every Kafka client gets as it is. */
  public PipelineSettings withKafkaClient(String property, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(KAFKA_CLIENT_PREFIX + property, value);
    return new PipelineSettings(copy);
  }

  public Map<String, String> kafkaClientProperties() {
    return values.entrySet().stream()
        .filter(e -> e.getKey().startsWith(KAFKA_CLIENT_PREFIX))
        .collect(
            Collectors.toMap(
                e -> e.getKey().substring(KAFKA_CLIENT_PREFIX.length()), Map.Entry::getValue));
  }

  /** From the environment only: credentials never live in files or arguments. */
  public String clickHousePassword() {
    String fromEnvironment = System.getenv(PASSWORD_ENV);
    return fromEnvironment == null ? "" : fromEnvironment;
  }
}
