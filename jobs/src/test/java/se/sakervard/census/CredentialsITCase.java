package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.localstack.KafkaBroker;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * The census job against a Kafka listener that takes only authenticated clients (SASL PLAIN, as a
 * production cluster's SASL_SSL without the TLS), its password in a mounted file that the settings
 * only refer to, and the ClickHouse password in a file of its own (docs/operations.md,
 * "Credentials"). The run works (its figures equal the plain listener's run), and neither secret
 * appears in anything the run logged at INFO, in any process of the JVM (the Kafka clients' own
 * configuration dumps included), or in any dead letter.
 */
class CredentialsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldRunWithCredentialsFromMountedFilesAndLogNeitherSecret(@TempDir Path secrets)
      throws Exception {
    KafkaBroker kafka = STACK.kafka();
    String kafkaSecret = kafka.saslPassword();
    String clickHouseSecret = "ch-" + UUID.randomUUID();
    Path kafkaFile =
        Files.writeString(secrets.resolve("kafka.properties"), "password=" + kafkaSecret + "\n");
    Path clickHouseFile = Files.writeString(secrets.resolve("clickhouse"), clickHouseSecret);

    CensusRuns.Run plain =
        CensusRuns.prepare(
            STACK, new TwoUnitsTwoDays("RK", "census-RK-" + UUID.randomUUID()), "RK");
    plain.runToEnd();
    List<List<String>> expected = CensusRuns.figures(STACK, "RK");

    TwoUnitsTwoDays scenario = new TwoUnitsTwoDays("RS", "census-RS-" + UUID.randomUUID());
    CensusRuns.Run prepared = CensusRuns.prepare(STACK, scenario, "RS");
    CensusRuns.Run secured =
        new CensusRuns.Run(
                prepared
                    .settings()
                    .with(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.saslBootstrapServers())
                    .with(PipelineOptions.CLICKHOUSE_PASSWORD_FILE, clickHouseFile.toString()),
                prepared.census(),
                prepared.deadLetters())
            .withKafkaClient("security.protocol", "SASL_PLAINTEXT")
            .withKafkaClient("sasl.mechanism", "PLAIN")
            .withKafkaClient(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + KafkaBroker.SASL_USER
                    + "\" password=\"${file:"
                    + kafkaFile
                    + ":password}\";");
    List<String> logged;
    try (CapturedLog log = new CapturedLog()) {
      secured.runToEnd();
      logged = log.lines();
    }

    assertThat(CensusRuns.figures(STACK, "RS")).as("the run through SASL").isEqualTo(expected);
    assertThat(logged)
        .as("the Kafka clients' configuration, logged with the password hidden")
        .anyMatch(l -> l.contains("security.protocol = SASL_PLAINTEXT"))
        .anyMatch(l -> l.contains("sasl.jaas.config = [hidden]"));
    assertThat(logged).noneMatch(l -> l.contains(kafkaSecret) || l.contains(clickHouseSecret));
    List<DeadLetter> letters = STACK.readAll(secured.deadLetters(), DeadLetter.class, 2);
    assertThat(letters).hasSize(2);
    for (DeadLetter d : letters) {
      String text = d.toString() + " " + text(d.getRawValue());
      assertThat(text).doesNotContain(kafkaSecret).doesNotContain(clickHouseSecret);
    }
  }

  private static String text(ByteBuffer raw) {
    if (raw == null) {
      return "";
    }
    byte[] bytes = new byte[raw.remaining()];
    raw.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * Every log event of the JVM at INFO or above while open, each as its logger, message and stack
   * trace; the console quiet meanwhile, every level as configured again after.
   */
  private static final class CapturedLog implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<LoggerConfig, Level> levels = new HashMap<>();
    private final Map<String, Appender> rootAppenders = new HashMap<>();
    private final Appender appender;

    CapturedLog() {
      appender =
          new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
              StringBuilder s =
                  new StringBuilder(event.getLoggerName())
                      .append(' ')
                      .append(event.getMessage().getFormattedMessage());
              if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                s.append('\n').append(trace);
              }
              lines.add(s.toString());
            }
          };
      appender.start();
      Configuration config = context.getConfiguration();
      LoggerConfig root = config.getRootLogger();
      rootAppenders.putAll(root.getAppenders());
      rootAppenders.keySet().forEach(root::removeAppender);
      root.addAppender(appender, Level.INFO, null);
      for (LoggerConfig logger : config.getLoggers().values()) {
        levels.put(logger, logger.getLevel());
        logger.setLevel(Level.INFO);
      }
      context.updateLoggers();
    }

    List<String> lines() {
      return new ArrayList<>(lines);
    }

    @Override
    public void close() {
      LoggerConfig root = context.getConfiguration().getRootLogger();
      root.removeAppender(appender.getName());
      rootAppenders.values().forEach(a -> root.addAppender(a, null, null));
      levels.forEach(LoggerConfig::setLevel);
      context.updateLoggers();
      appender.stop();
    }
  }
}
