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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The jobs' configuration: {@link PipelineOptions} read from {@code --key value} arguments and an
 * optional {@code --config file.properties} (arguments win). Keys starting with {@code
 * kafka.client.} are passed to the Kafka clients as they are (e.g. {@code
 * kafka.client.security.protocol}). Unknown keys are an error, so a typo never silently falls back
 * to a default.
 *
 * <p>Secrets never come from arguments or configuration files (docs/operations.md, "Credentials"):
 * the ClickHouse password comes from {@code clickhouse.password-file} (a mounted secret) or the
 * environment; a Kafka client password must be a reference, {@code ${file:/path:key}} or {@code
 * ${env:VARIABLE}}, which the Kafka client resolves itself through its config providers (added here
 * when a value refers to one), so the secret appears in no setting, and Kafka logs such values as
 * {@code [hidden]}. A literal one is refused.
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
      if (key.startsWith(KAFKA_CLIENT_PREFIX) && holdsALiteralSecret(key, values.get(key))) {
        throw new IllegalArgumentException(
            "Setting '"
                + key
                + "' holds a password as it is: give it as ${file:/path/to/file:key} (a mounted"
                + " secret) or ${env:VARIABLE} (docs/operations.md, \"Credentials\")");
      }
    }
    return new PipelineSettings(values);
  }

  /** A password, secret or JAAS password given as text instead of a config provider reference. */
  static boolean holdsALiteralSecret(String key, String value) {
    String property = key.substring(KAFKA_CLIENT_PREFIX.length());
    if (property.endsWith(".password") || property.endsWith(".secret")) {
      return !value.trim().startsWith("${");
    }
    return property.equals("sasl.jaas.config") && LITERAL_JAAS_PASSWORD.matcher(value).find();
  }

  private static final Pattern LITERAL_JAAS_PASSWORD =
      Pattern.compile("password\\s*=\\s*\"?(?!\\$\\{)[^\";\\s]");

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

  /** The settings as a job's {@code main} takes them: {@code --key value}, in key order. */
  public java.util.List<String> asArgs() {
    java.util.List<String> args = new java.util.ArrayList<>();
    new java.util.TreeMap<>(values)
        .forEach(
            (k, v) -> {
              args.add("--" + k);
              args.add(v);
            });
    return args;
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

  /**
   * The {@code kafka.client.*} properties for every Kafka client; with the environment and file
   * config providers when a value refers to them and none are configured.
   */
  public Map<String, String> kafkaClientProperties() {
    Map<String, String> properties =
        values.entrySet().stream()
            .filter(e -> e.getKey().startsWith(KAFKA_CLIENT_PREFIX))
            .collect(
                Collectors.toMap(
                    e -> e.getKey().substring(KAFKA_CLIENT_PREFIX.length()),
                    Map.Entry::getValue,
                    (a, b) -> b,
                    HashMap::new));
    boolean refers =
        properties.values().stream().anyMatch(v -> v.contains("${env:") || v.contains("${file:"));
    if (refers && !properties.containsKey("config.providers")) {
      properties.put("config.providers", "env,file");
      properties.put(
          "config.providers.env.class",
          "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
      properties.put(
          "config.providers.file.class",
          "org.apache.kafka.common.config.provider.FileConfigProvider");
    }
    return properties;
  }

  /**
   * From the file {@code clickhouse.password-file} names (a mounted secret, its content without
   * surrounding whitespace), else from the environment: credentials never live in arguments or
   * configuration files.
   */
  public String clickHousePassword() {
    String file = get(PipelineOptions.CLICKHOUSE_PASSWORD_FILE);
    if (!file.isEmpty()) {
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "clickhouse.password-file: cannot read "
                + file
                + " ("
                + e.getClass().getSimpleName()
                + "): mount the secret there or unset the setting");
      }
    }
    String fromEnvironment = System.getenv(PASSWORD_ENV);
    return fromEnvironment == null ? "" : fromEnvironment;
  }
}
