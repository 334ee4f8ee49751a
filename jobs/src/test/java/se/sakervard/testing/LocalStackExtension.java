package se.sakervard.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import se.sakervard.localstack.ClickHouseEndpoint;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.localstack.KafkaBroker;

/**
 * A real Kafka broker (KRaft) and the ClickHouse endpoint (chDB) for a test class, with the schema
 * from {@code sql/} applied. Started once per class on free loopback ports; stopped after.
 */
public final class LocalStackExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String DATABASE = "sakervard";

  private Path workDir;
  private KafkaBroker kafka;
  private ClickHouseEndpoint clickHouse;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    workDir = Files.createTempDirectory("sakervard-stack-");
    kafka = KafkaBroker.start(workDir.resolve("kafka"));
    clickHouse = ClickHouseEndpoint.start(workDir.resolve("clickhouse"));
    ClickHouseSchema.apply(clickHouse.jdbcUrl("default"), ClickHouseSchema.sqlDir());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (clickHouse != null) {
      clickHouse.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public String jdbcUrl() {
    return clickHouse.jdbcUrl(DATABASE);
  }

  /** Every row of a query, each as its columns' values rendered as text. */
  public List<List<String>> query(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      List<List<String>> result = new ArrayList<>();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(rows.getString(i));
        }
        result.add(row);
      }
      return result;
    }
  }
}
