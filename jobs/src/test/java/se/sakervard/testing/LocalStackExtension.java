package se.sakervard.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.localstack.ClickHouseEndpoint;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.localstack.KafkaBroker;
import se.sakervard.schemas.codec.SingleObjectCodec;

/**
 * A real Kafka broker (KRaft) and the ClickHouse endpoint (chDB) for a test class, with the schema
 * from {@code sql/} applied. Started once per class on free loopback ports; stopped after, and its
 * directory deleted, unless a test failed: then the broker's and the endpoint's logs stay there.
 */
public final class LocalStackExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
  public static final String DATABASE = "sakervard";
  private static final Set<String> WRITE_TIME_COLUMNS = Set.of("inserted_at", "freshness");

  private Path workDir;
  private KafkaBroker kafka;
  private ClickHouseEndpoint clickHouse;
  private boolean failed;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    workDir = Files.createTempDirectory("sakervard-stack-");
    kafka = KafkaBroker.start(workDir.resolve("kafka"));
    clickHouse = ClickHouseEndpoint.start(workDir.resolve("clickhouse"));
    ClickHouseSchema.apply(clickHouse.jdbcUrl("default"), ClickHouseSchema.sqlDir());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (clickHouse != null) {
      clickHouse.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (failed || context.getExecutionException().isPresent()) {
      System.err.println("The local stack's logs and data are kept in " + workDir);
    } else if (workDir != null) {
      FileUtils.deleteDirectory(workDir.toFile());
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failed = true;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public String jdbcUrl() {
    return clickHouse.jdbcUrl(DATABASE);
  }

  /** Stops the ClickHouse endpoint, as an outage would; {@link #startClickHouse} brings it back. */
  public void stopClickHouse() {
    clickHouse.close();
  }

  /** Starts the endpoint again on the same port with the same data. */
  public void startClickHouse() throws Exception {
    clickHouse = ClickHouseEndpoint.start(workDir.resolve("clickhouse"), clickHouse.port());
  }

  /**
   * Kills the Kafka broker (SIGKILL, as a crash: no controlled shutdown); {@link #startKafka}
   * brings it back.
   */
  public void stopKafka() throws InterruptedException {
    kafka.kill();
  }

  /** Starts the broker again on the same port with the same topics, records and offsets. */
  public void startKafka() throws Exception {
    kafka.restart();
  }

  /** ClickHouse's HTTP interface, e.g. for the board. */
  public URI httpUrl() {
    return URI.create(clickHouse.httpUrl());
  }

  /** Sends the records and waits until the broker has them all. */
  public void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> record : records) {
        producer.send(record).get();
      }
    }
  }

  /**
   * The offsets a consumer group has committed on a topic, summed over its partitions: with one
   * partition, how many of its records the group is done with (0 before its first commit).
   */
  public long committedOffsets(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  /**
   * Reads a topic from the start until at least {@code atLeast} records came and the topic is
   * drained (at most 30 s).
   */
  public <T extends SpecificRecordBase> List<T> readAll(String topic, Class<T> type, int atLeast)
      throws Exception {
    SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<T> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < deadline) {
        var batch = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          records.add(codec.decode(record.value()));
        }
        if (batch.isEmpty() && records.size() >= atLeast) {
          break;
        }
      }
    }
    return records;
  }

  /** Runs a statement that returns no rows (an INSERT). */
  public void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Every row of a query, each as its columns' values rendered as text. */
  public List<List<String>> query(String sql) throws SQLException {
    return query(sql, column -> true);
  }

  /**
   * Every row a region has in these views, each led by the view's name and sorted, without the
   * columns that tell when a row was written ({@code inserted_at}, {@code freshness}): what a
   * replay must leave unchanged.
   */
  /**
   * The rows of {@link #rowsOfRegion} with the region's code replaced by {@code as} in every cell:
   * to compare two runs of one scenario under two region codes.
   */
  public List<List<String>> rowsOfRegionAs(String region, String as, String... views)
      throws SQLException {
    return rowsOfRegion(region, views).stream()
        .map(r -> r.stream().map(cell -> cell == null ? null : cell.replace(region, as)).toList())
        .toList();
  }

  public List<List<String>> rowsOfRegion(String region, String... views) throws SQLException {
    List<List<String>> all = new ArrayList<>();
    for (String view : views) {
      List<List<String>> rows =
          query(
              "SELECT '"
                  + view
                  + "' AS view, * FROM "
                  + view
                  + " WHERE region_code = '"
                  + region
                  + "'",
              column -> !WRITE_TIME_COLUMNS.contains(column));
      rows.sort(Comparator.comparing(List::toString));
      all.addAll(rows);
    }
    return all;
  }

  /** Settings for a bounded job run against this stack, with a consumer group of its own. */
  public Map<String, String> boundedRunSettings(String groupSuffix) {
    Map<String, String> values = new HashMap<>();
    values.put(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
    values.put(PipelineOptions.KAFKA_BOUNDED.key(), "true");
    values.put(PipelineOptions.KAFKA_GROUP_ID_PREFIX.key(), "test-" + groupSuffix);
    values.put(PipelineOptions.CLICKHOUSE_JDBC_URL.key(), jdbcUrl());
    return values;
  }

  private List<List<String>> query(String sql, Predicate<String> keepColumn) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      List<List<String>> result = new ArrayList<>();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (keepColumn.test(meta.getColumnLabel(i))) {
            row.add(rows.getString(i));
          }
        }
        result.add(row);
      }
      return result;
    }
  }
}
