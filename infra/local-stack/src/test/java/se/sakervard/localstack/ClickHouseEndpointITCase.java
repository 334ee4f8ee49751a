package se.sakervard.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseEndpointITCase {
  @TempDir static Path dataDir;
  static ClickHouseEndpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    endpoint = ClickHouseEndpoint.start(dataDir.resolve("chdb"));
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  @Test
  void reportsTheClickHouseEngineVersion() throws SQLException {
    assertThat(queryStrings("default", "SELECT version()"))
        .singleElement()
        .asString()
        .startsWith("26.");
  }

  @Test
  void batchInsertsThroughThePreparedStatement() throws SQLException {
    try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl("default"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS batch_test");
      statement.execute(
          "CREATE TABLE batch_test.numbers (x UInt32, label String) ENGINE = MergeTree ORDER BY x");
    }
    try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl("batch_test"));
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO numbers (x, label) VALUES (?, ?)")) {
      for (int x = 1; x <= 1000; x++) {
        insert.setInt(1, x);
        insert.setString(2, "row 'number' " + x); // quotes: the driver inlines values as SQL text
        insert.addBatch();
      }
      insert.executeBatch();
    }
    // 1 + 2 + ... + 1000 = 1000 * 1001 / 2
    assertThat(queryStrings("batch_test", "SELECT count(), sum(x) FROM numbers"))
        .containsExactly("1000", "500500");
    assertThat(queryStrings("batch_test", "SELECT label FROM numbers WHERE x = 7"))
        .containsExactly("row 'number' 7");
  }

  /**
   * An INSERT's data reaches the engine as the bytes sent: 256 rows of RowBinary, row i a String of
   * the one byte i (LF, NUL and bytes that are no UTF-8 among them), then one of two LFs in a row
   * (where inline data would end) and one of all 256 bytes. Decoded as text, or cut at the first
   * empty line, rows would be lost or changed.
   */
  @Test
  void insertsBinaryDataAsTheBytesSent() throws Exception {
    post("CREATE DATABASE IF NOT EXISTS bytes_test");
    post("CREATE TABLE bytes_test.values (id UInt32, value String) ENGINE = MergeTree ORDER BY id");
    java.io.ByteArrayOutputStream rows = new java.io.ByteArrayOutputStream();
    byte[] all = new byte[256];
    for (int b = 0; b < 256; b++) {
      all[b] = (byte) b;
      rowBinary(rows, b, new byte[] {(byte) b});
    }
    rowBinary(rows, 256, new byte[] {'\n', '\n'});
    rowBinary(rows, 257, all);
    HttpResponse<String> insert =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            endpoint.httpUrl()
                                + "/?query="
                                + java.net.URLEncoder.encode(
                                    "INSERT INTO bytes_test.values FORMAT RowBinary",
                                    java.nio.charset.StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(rows.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(insert.statusCode()).as(insert.body()).isEqualTo(200);

    assertThat(post("SELECT count(), sum(id) FROM bytes_test.values").body())
        .isEqualTo("258\t33153\n"); // 0 + 1 + ... + 257
    StringBuilder expected = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      expected.append(b).append('\t').append(String.format("%02X", b)).append('\n');
    }
    expected.append("256\t0A0A\n");
    expected.append("257\t").append(java.util.HexFormat.of().withUpperCase().formatHex(all));
    assertThat(post("SELECT id, hex(value) FROM bytes_test.values ORDER BY id").body())
        .isEqualTo(expected.append('\n').toString());
  }

  /** A row of (UInt32, String) in RowBinary: little-endian id, LEB128 length, the bytes. */
  private static void rowBinary(java.io.ByteArrayOutputStream out, int id, byte[] value) {
    for (int i = 0; i < 4; i++) {
      out.write((id >>> (8 * i)) & 0xff);
    }
    int length = value.length;
    do {
      int b = length & 0x7f;
      length >>>= 7;
      out.write(length == 0 ? b : b | 0x80);
    } while (length != 0);
    out.writeBytes(value);
  }

  @Test
  void appliesSettingsPerRequest() throws Exception {
    // The JDBC URL carries clickhouse_setting_async_insert=0; chDB itself defaults to 1.
    assertThat(queryStrings("default", "SELECT getSetting('async_insert')"))
        .containsExactly("false");
    HttpResponse<String> raw = post("SELECT getSetting('async_insert')");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).isEqualTo("true\n");
  }

  @Test
  void reportsServerErrorsWithTheirClickHouseCode() throws Exception {
    assertThatThrownBy(() -> queryStrings("default", "SELECT * FROM no_such_table"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("UNKNOWN_TABLE");
    HttpResponse<String> raw = post("SELECT * FROM no_such_table");
    assertThat(raw.statusCode()).isEqualTo(500);
    assertThat(raw.headers().firstValue("X-ClickHouse-Exception-Code")).contains("60");
    assertThat(raw.body()).startsWith("Code: 60. DB::Exception:").endsWith("\n");
  }

  @Test
  void appliesSchemaFilesInFileNameOrder(@TempDir Path sqlDir) throws Exception {
    // 02 refers to the table 01 creates, so the wrong order would fail.
    Files.writeString(
        sqlDir.resolve("02_view.sql"),
        """
        -- A view over the first file's table.
        CREATE VIEW schema_test.latest AS
        SELECT max(at) AS at FROM schema_test.events;
        """);
    Files.writeString(
        sqlDir.resolve("01_tables.sql"),
        """
        CREATE DATABASE IF NOT EXISTS schema_test;

        -- Events, one row each.
        CREATE TABLE schema_test.events (
          at DateTime64(3, 'UTC')
        ) ENGINE = MergeTree ORDER BY at;
        """);
    Files.writeString(sqlDir.resolve("notes.txt"), "not SQL, ignored");

    ClickHouseSchema.apply(endpoint.jdbcUrl("default"), sqlDir);

    assertThat(
            queryStrings(
                "default",
                "SELECT name FROM system.tables WHERE database = 'schema_test' ORDER BY name"))
        .containsExactly("events", "latest");
  }

  @Test
  void namesTheFailingSchemaStatement(@TempDir Path sqlDir) throws Exception {
    Files.writeString(
        sqlDir.resolve("01_bad.sql"), "CREATE TABLE broken (x NoSuchType)\nENGINE = Memory;\n");

    assertThatThrownBy(() -> ClickHouseSchema.apply(endpoint.jdbcUrl("default"), sqlDir))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("01_bad.sql")
        .hasMessageContaining("CREATE TABLE broken (x NoSuchType)")
        .hasMessageContaining("UNKNOWN_TYPE");
  }

  /** All values of all rows, in order, as strings. */
  private static List<String> queryStrings(String database, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl(database));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          values.add(rows.getString(i));
        }
      }
      return values;
    }
  }

  private static HttpResponse<String> post(String sql) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(endpoint.httpUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
