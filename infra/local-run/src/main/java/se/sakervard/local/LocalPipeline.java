package se.sakervard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.census.CensusJob;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.localstack.ClickHouseEndpoint;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.localstack.KafkaBroker;

/**
 * The embedded local stack with the census job on it: a Kafka broker (KRaft) and the chDB
 * ClickHouse endpoint as child processes, the schema from {@code sql/}, the topics, and the job on
 * an in-process Flink mini cluster whose metrics Flink's Prometheus reporter serves. Closing it
 * stops everything it started.
 */
public final class LocalPipeline implements AutoCloseable {
  public static final int PARALLELISM = 2;

  private final Path workDir;
  private final KafkaBroker kafka;
  private final ClickHouseEndpoint clickHouse;
  private final int metricsPort;
  private JobClient job;
  private boolean closed;

  private LocalPipeline(Path workDir, KafkaBroker kafka, ClickHouseEndpoint clickHouse) {
    this.workDir = workDir;
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.metricsPort = freePort();
  }

  /** Starts the broker and the ClickHouse endpoint, applies the schema, creates the topics. */
  public static LocalPipeline start(Path workDir) throws Exception {
    Files.createDirectories(workDir);
    KafkaBroker kafka = KafkaBroker.start(workDir.resolve("kafka"));
    ClickHouseEndpoint clickHouse;
    try {
      clickHouse = ClickHouseEndpoint.start(workDir.resolve("clickhouse"));
      ClickHouseSchema.apply(clickHouse.jdbcUrl("default"), ClickHouseSchema.sqlDir());
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
    LocalPipeline pipeline = new LocalPipeline(workDir, kafka, clickHouse);
    pipeline.createTopics(topic(PipelineOptions.TOPIC_CENSUS));
    return pipeline;
  }

  /** Creates a census topic (and the indicators and dead-letter topics) for the job to read. */
  public void createTopics(String censusTopic) throws Exception {
    kafka.createTopics(
        PARALLELISM,
        censusTopic,
        topic(PipelineOptions.TOPIC_INDICATORS),
        topic(PipelineOptions.TOPIC_DEAD_LETTERS));
  }

  /** The job's settings for this stack; {@code bounded} reads what is there and finishes. */
  public PipelineSettings settings(String censusTopic, boolean bounded) {
    Map<String, String> values = new HashMap<>();
    values.put(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
    values.put(PipelineOptions.KAFKA_BOUNDED.key(), Boolean.toString(bounded));
    values.put(PipelineOptions.KAFKA_GROUP_ID_PREFIX.key(), "sakervard-" + censusTopic);
    values.put(PipelineOptions.TOPIC_CENSUS.key(), censusTopic);
    values.put(PipelineOptions.CLICKHOUSE_JDBC_URL.key(), clickHouse.jdbcUrl("sakervard"));
    return PipelineSettings.of(values);
  }

  /** Submits the census job to an in-process mini cluster and returns at once. */
  public JobClient startCensusJob(PipelineSettings settings) throws Exception {
    Configuration flink = new Configuration();
    flink.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    flink.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
    flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(PARALLELISM));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, flink);
    env.enableCheckpointing(settings.get(PipelineOptions.CHECKPOINT_INTERVAL).toMillis());
    CensusJob.production(settings).attachTo(env);
    job = env.executeAsync("sakervard-census");
    return job;
  }

  /** Blocks until the job's current figures stop changing in ClickHouse: it has caught up. */
  public void awaitSettled(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long previous = -1;
    int stable = 0;
    while (System.nanoTime() < deadline && stable < 3) {
      Thread.sleep(2_000);
      long rows = countRows("sakervard.census_current");
      stable = rows == previous ? stable + 1 : 0;
      previous = rows;
    }
  }

  /** Rows of a table as stored, before deduplication. */
  public long countRows(String table) throws SQLException {
    try (Connection c = clickHouse();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count() FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Flink's Prometheus reporter for the job on this stack. */
  public String metricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  public Connection clickHouse() throws SQLException {
    return DriverManager.getConnection(clickHouse.jdbcUrl("sakervard"));
  }

  public String clickHouseHttpUrl() {
    return clickHouse.httpUrl();
  }

  public String clickHouseJdbcUrl() {
    return clickHouse.jdbcUrl("sakervard");
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public Path workDir() {
    return workDir;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port for the metrics reporter", e);
    }
  }

  static String topic(org.apache.flink.configuration.ConfigOption<String> option) {
    return option.defaultValue();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (job != null) {
      try {
        job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // Already finished or failed; nothing left to stop.
      }
    }
    clickHouse.close();
    kafka.close();
  }
}
