package se.sakervard.core.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.util.function.SerializableFunction;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.schemas.pipeline.Level;

/**
 * Batched, at-least-once inserts into ClickHouse through the Flink JDBC connector and the
 * ClickHouse JDBC driver. At least once is enough because every table is keyed and versioned
 * (ReplacingMergeTree): a batch written twice changes nothing.
 *
 * <p>The JDBC URL should carry {@code compress=false} and {@code clickhouse_setting_async_insert=0}
 * (server settings need the driver's {@code clickhouse_setting_} prefix): with asynchronous inserts
 * a checkpoint could complete before the rows are stored.
 */
public final class ClickHouseSink {
  private ClickHouseSink() {}

  public static <T> Sink<T> of(
      PipelineSettings settings, String insertSql, JdbcStatementBuilder<T> binder) {
    return new FailoverSafeJdbcSink<>(jdbc(settings, insertSql, binder), tableOf(insertSql), null);
  }

  /**
   * As {@link #of}, for a table where a row replaces the rows of its key with a lower version: of
   * the rows that arrive within a batch interval, only the newest per key is written.
   *
   * @param key the table's key (its ORDER BY), as one string
   */
  public static <T> Sink<T> newestPerKey(
      PipelineSettings settings,
      String insertSql,
      JdbcStatementBuilder<T> binder,
      SerializableFunction<T, String> key,
      SerializableFunction<T, Long> version) {
    return new FailoverSafeJdbcSink<>(
        jdbc(settings, insertSql, binder),
        tableOf(insertSql),
        new FailoverSafeJdbcSink.NewestPerKey<>(
            key,
            version,
            settings.get(PipelineOptions.CLICKHOUSE_BATCH_SIZE),
            settings.get(PipelineOptions.CLICKHOUSE_BATCH_INTERVAL).toMillis()));
  }

  private static <T> JdbcSink<T> jdbc(
      PipelineSettings settings, String insertSql, JdbcStatementBuilder<T> binder) {
    return JdbcSink.<T>builder()
        .withQueryStatement(insertSql, binder)
        .withExecutionOptions(
            JdbcExecutionOptions.builder()
                .withBatchSize(settings.get(PipelineOptions.CLICKHOUSE_BATCH_SIZE))
                .withBatchIntervalMs(
                    settings.get(PipelineOptions.CLICKHOUSE_BATCH_INTERVAL).toMillis())
                .withMaxRetries(settings.get(PipelineOptions.CLICKHOUSE_MAX_RETRIES))
                .build())
        .buildAtLeastOnce(
            new MeteredConnectionProvider(connectionOptions(settings), tableOf(insertSql)));
  }

  /**
   * A connection opened as the sinks open theirs (configured URL and user, the password from the
   * environment, plain INSERTs as RowBinary): for a tool that must write as the jobs do, such as
   * the benchmark's output ceiling.
   */
  public static java.sql.Connection connect(PipelineSettings settings)
      throws SQLException, ClassNotFoundException {
    return new org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider(
            connectionOptions(settings))
        .getOrEstablishConnection();
  }

  /** How the sinks connect: the configured URL and user, the password from the environment. */
  static JdbcConnectionOptions connectionOptions(PipelineSettings settings) {
    return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
        .withUrl(settings.get(PipelineOptions.CLICKHOUSE_JDBC_URL))
        .withDriverName("com.clickhouse.jdbc.Driver")
        // A plain INSERT ... VALUES (?, ...) goes as RowBinary, not as SQL text the server parses
        // row by row. Each value goes to the table's column of its position.
        .withProperty(ROW_BINARY_INSERTS, "true")
        .withUsername(settings.get(PipelineOptions.CLICKHOUSE_USER))
        .withPassword(settings.clickHousePassword())
        .build();
  }

  /** The driver property that sends plain INSERTs as RowBinary. */
  public static final String ROW_BINARY_INSERTS = "beta.row_binary_for_simple_insert";

  static String tableOf(String insertSql) {
    String[] words = insertSql.trim().split("\\s+");
    return words.length > 2 ? words[2] : "unknown";
  }

  /**
   * Binds a list of strings to an Array(String) column. The driver writes it as an array literal; a
   * JSON string in its place made ClickHouse parse every row of the batch with its slow expression
   * parser (two seconds for a batch of levels in the national benchmark).
   */
  public static void setStrings(PreparedStatement ps, int index, java.util.List<String> values)
      throws SQLException {
    ps.setObject(index, values.toArray(String[]::new));
  }

  /**
   * Binds a place's level, region, hospital and unit codes from parameter {@code first} on, in the
   * column order every table shares; returns the next parameter's index.
   */
  public static int bindPlace(
      PreparedStatement ps, int first, Level level, String region, String hospital, String unit)
      throws SQLException {
    ps.setString(first, level.name());
    ps.setString(first + 1, region);
    ps.setString(first + 2, hospital);
    ps.setString(first + 3, unit);
    return first + 4;
  }

  /**
   * Binds an instant column (DateTime64) from epoch milliseconds, NULL for null; returns the next
   * parameter's index. The driver writes the instant itself (RowBinary), so no client or server
   * time zone can shift it.
   */
  public static int setInstant(PreparedStatement ps, int i, Long millis) throws SQLException {
    if (millis == null) {
      ps.setNull(i, java.sql.Types.TIMESTAMP);
    } else {
      ps.setObject(i, java.time.Instant.ofEpochMilli(millis));
    }
    return i + 1;
  }

  /**
   * Binds a local day (Date) from days since 1970-01-01; returns the next parameter's index. A date
   * has no time zone to shift it.
   */
  public static int setDay(PreparedStatement ps, int i, long epochDay) throws SQLException {
    ps.setObject(i, java.time.LocalDate.ofEpochDay(epochDay));
    return i + 1;
  }
}
