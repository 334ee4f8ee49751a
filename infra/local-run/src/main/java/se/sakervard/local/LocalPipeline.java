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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.alerting.AlertingJob;
import se.sakervard.census.CensusJob;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.deviations.DeviationJob;
import se.sakervard.infections.InfectionJob;
import se.sakervard.localstack.ClickHouseEndpoint;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.localstack.KafkaBroker;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulatedUnitReferences;

/**
 * The embedded local stack with the jobs on it: a Kafka broker (KRaft) and the chDB ClickHouse
 * endpoint as child processes, the schema from {@code sql/}, the topics (the unit reference topic
 * compacted), and the jobs on an in-process Flink mini cluster whose metrics Flink's Prometheus
 * reporter serves. Closing it stops everything it started.
 *
 * <p>The jobs place every event by the unit reference data: whatever feeds them simulated events
 * publishes the simulated region's units first ({@link #publishUnits}).
 */
public final class LocalPipeline implements AutoCloseable {
  public static final int PARALLELISM = 2;

  /** How long an input without records waits before it stops holding event time back. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** A unit reference topic keeps each unit's periods (by key) however old: compacted. */
  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

  private final Path workDir;
  private final KafkaBroker kafka;
  private ClickHouseEndpoint clickHouse;
  private final int metricsPort;
  private final int restPort;
  private JobClient job;
  private boolean closed;
  private String stateBackend = "hashmap";

  private LocalPipeline(Path workDir, KafkaBroker kafka, ClickHouseEndpoint clickHouse) {
    this.workDir = workDir;
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.metricsPort = freePort();
    this.restPort = freePort();
  }

  /**
   * Starts the broker and the ClickHouse endpoint, applies the schema, creates the topics (the unit
   * reference topic empty: {@link #publishUnits} fills it).
   */
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
    pipeline.createTopics(
        topic(PipelineOptions.TOPIC_CENSUS),
        topic(PipelineOptions.TOPIC_DEVIATIONS),
        topic(PipelineOptions.TOPIC_INFECTIONS),
        topic(PipelineOptions.TOPIC_INFECTION_CLUSTERS),
        topic(PipelineOptions.TOPIC_ALERT_ACTIONS),
        topic(PipelineOptions.TOPIC_HL7_RAW),
        topic(PipelineOptions.TOPIC_FHIR_RAW));
    pipeline.createUnitsTopic(topic(PipelineOptions.TOPIC_UNITS));
    return pipeline;
  }

  /** The jobs of the product, each attached as it runs in production. */
  public enum LocalJob {
    CENSUS,
    DEVIATIONS,
    /** Reads the census's patient days from the indicators topic: run it with CENSUS. */
    INFECTIONS,
    /** The here-and-now levels, from the other jobs' indicator values and clusters. */
    ALERTING;

    void attachTo(PipelineSettings settings, StreamExecutionEnvironment env) throws IOException {
      switch (this) {
        case CENSUS -> CensusJob.production(settings).attachTo(env);
        case DEVIATIONS -> DeviationJob.production(settings).attachTo(env);
        case INFECTIONS -> InfectionJob.production(settings).attachTo(env);
        case ALERTING -> AlertingJob.production(settings).attachTo(env);
      }
    }
  }

  /** Creates input topics (and the indicators and dead-letter topics) for the jobs to read. */
  public void createTopics(String... inputTopics) throws Exception {
    List<String> topics = new ArrayList<>(List.of(inputTopics));
    topics.add(topic(PipelineOptions.TOPIC_INDICATORS));
    topics.add(topic(PipelineOptions.TOPIC_CURRENT_INDICATORS));
    topics.add(topic(PipelineOptions.TOPIC_DEAD_LETTERS));
    kafka.createTopics(PARALLELISM, topics.toArray(String[]::new));
  }

  /**
   * Creates an input topic of one partition, and the indicators and dead-letter topics: a test
   * whose late events must be late by the order they were sent in (with two partitions, how far one
   * partition's event time has got when the other's late record arrives is a matter of timing).
   */
  public void createSinglePartitionTopic(String inputTopic) throws Exception {
    createTopics();
    kafka.createTopics(1, inputTopic);
  }

  /**
   * Creates a compacted unit reference topic (if it does not exist), of one partition: each job
   * reads the whole topic with one subtask.
   */
  public void createUnitsTopic(String topic) throws Exception {
    kafka.createTopics(1, COMPACTED, topic);
  }

  /**
   * Publishes the unit reference data of a simulated region to {@code topic} (the jobs' {@code
   * topic.units}) and returns once the broker has it. Before the region's events, or before the
   * jobs start: a job reads the topic as it is at its start, and later records as updates only when
   * it runs unbounded.
   *
   * @return the number of units published
   */
  public int publishUnits(String topic, SimulatedRegion region) throws InterruptedException {
    return SimulatedUnitReferences.publish(kafka.bootstrapServers(), topic, region);
  }

  /**
   * The jobs' settings for this stack, reading the default topics but where {@code inputTopics}
   * (topic option → topic) says otherwise; {@code bounded} reads what is there and finishes.
   */
  public PipelineSettings settings(boolean bounded, Map<ConfigOption<String>, String> inputTopics) {
    Map<String, String> values = new HashMap<>();
    values.put(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
    values.put(PipelineOptions.KAFKA_BOUNDED.key(), Boolean.toString(bounded));
    // A fresh broker every time: no committed offsets to pick up, whatever the group.
    values.put(PipelineOptions.KAFKA_GROUP_ID_PREFIX.key(), "sakervard-local");
    inputTopics.forEach((option, topic) -> values.put(option.key(), topic));
    values.put(PipelineOptions.CLICKHOUSE_JDBC_URL.key(), clickHouse.jdbcUrl("sakervard"));
    // A simulated day passes in seconds: a sparse stream (infections) counts as idle sooner, so
    // that the days it has no events for still end while the run waits.
    values.put(PipelineOptions.IDLE_TIMEOUT.key(), IDLE_TIMEOUT.toMillis() + " ms");
    return PipelineSettings.of(values);
  }

  /**
   * Where the jobs started from now on keep their state: {@code hashmap} (the heap, the default) or
   * {@code rocksdb} (with incremental checkpoints, as production's census).
   */
  public LocalPipeline withStateBackend(String backend) {
    this.stateBackend = backend;
    return this;
  }

  /**
   * Submits the jobs to an in-process mini cluster, together as one Flink job (in production each
   * is a job of its own), and returns at once.
   */
  public JobClient startJobs(PipelineSettings settings, LocalJob... jobs) throws Exception {
    return startJobs(settings, List.of(), jobs);
  }

  /** As {@link #startJobs(PipelineSettings, LocalJob...)}, with {@code more} jobs built already. */
  public JobClient startJobs(PipelineSettings settings, List<PipelineJob> more, LocalJob... jobs)
      throws Exception {
    Configuration flink = new Configuration();
    flink.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    flink.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
    flink.setString("rest.port", Integer.toString(restPort));
    flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(PARALLELISM));
    flink.setString("state.backend.type", stateBackend);
    flink.setString(
        "execution.checkpointing.incremental", Boolean.toString(stateBackend.equals("rocksdb")));
    // On disk: the JobManager's heap takes only small states (5 MB per subtask's state).
    flink.setString(
        "execution.checkpointing.dir",
        workDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, flink);
    env.enableCheckpointing(settings.get(PipelineOptions.CHECKPOINT_INTERVAL).toMillis());
    PipelineJob.passRecordsWithoutCopies(env);
    PipelineJob.refuseGenericTypes(env);
    List<String> names = new ArrayList<>();
    for (LocalJob j : jobs) {
      j.attachTo(settings, env);
      names.add(j.name().toLowerCase(Locale.ROOT));
    }
    for (PipelineJob j : more) {
      j.attachTo(env);
      names.add(j.name());
    }
    job = env.executeAsync("sakervard-" + String.join("-", names));
    return job;
  }

  /** Blocks until the rows of these tables stop changing in ClickHouse: the jobs caught up. */
  public void awaitSettled(Duration limit, String... tables) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long previous = -1;
    int stable = 0;
    while (System.nanoTime() < deadline && stable < 3) {
      Thread.sleep(2_000);
      long rows = 0;
      for (String table : tables) {
        rows += countRows(table);
      }
      stable = rows == previous ? stable + 1 : 0;
      previous = rows;
    }
  }

  /** Rows of a table as stored, before deduplication. */
  public long countRows(String table) throws SQLException {
    return count("SELECT count() FROM " + table);
  }

  /** Rows of a table after deduplication (one per key of a ReplacingMergeTree). */
  public long countRowsDeduplicated(String table) throws SQLException {
    return count("SELECT count() FROM " + table + " FINAL");
  }

  private long count(String query) throws SQLException {
    try (Connection c = clickHouse();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Flink's REST API for the job on this stack. */
  /** Stops the ClickHouse endpoint, as an outage would; {@link #startClickHouse} brings it back. */
  public synchronized void stopClickHouse() {
    clickHouse.close();
  }

  /** Starts the endpoint again on the same port with the same data. */
  public synchronized void startClickHouse() throws Exception {
    clickHouse = ClickHouseEndpoint.start(workDir.resolve("clickhouse"), clickHouse.port());
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
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

  public static String topic(ConfigOption<String> option) {
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
