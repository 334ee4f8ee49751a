package se.sakervard.core.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
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
    JdbcSink<T> jdbc =
        JdbcSink.<T>builder()
            .withQueryStatement(insertSql, binder)
            .withExecutionOptions(
                JdbcExecutionOptions.builder()
                    .withBatchSize(settings.get(PipelineOptions.CLICKHOUSE_BATCH_SIZE))
                    .withBatchIntervalMs(
                        settings.get(PipelineOptions.CLICKHOUSE_BATCH_INTERVAL).toMillis())
                    .withMaxRetries(settings.get(PipelineOptions.CLICKHOUSE_MAX_RETRIES))
                    .build())
            .buildAtLeastOnce(
                new MeteredConnectionProvider(
                    new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(settings.get(PipelineOptions.CLICKHOUSE_JDBC_URL))
                        .withDriverName("com.clickhouse.jdbc.Driver")
                        .withUsername(settings.get(PipelineOptions.CLICKHOUSE_USER))
                        .withPassword(settings.clickHousePassword())
                        .build(),
                    tableOf(insertSql)));
    return new FailoverSafeJdbcSink<>(jdbc, tableOf(insertSql));
  }

  static String tableOf(String insertSql) {
    String[] words = insertSql.trim().split("\\s+");
    return words.length > 2 ? words[2] : "unknown";
  }

  /** A list of strings as a JSON array, which ClickHouse parses into Array(String). */
  public static String jsonArray(java.util.List<String> values) {
    StringBuilder json = new StringBuilder("[");
    for (String v : values) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"');
      for (char ch : v.toCharArray()) {
        if (ch == '"' || ch == '\\') {
          json.append('\\');
        }
        if (ch < 0x20) {
          json.append(String.format("\\u%04x", (int) ch));
        } else {
          json.append(ch);
        }
      }
      json.append('"');
    }
    return json.append(']').toString();
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
}
