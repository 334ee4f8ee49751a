package se.sakervard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chDB endpoint keeps one engine session for every request, so what one request sets (its
 * database, its settings) must never reach the next, and an INSERT must report exactly the rows it
 * wrote (the JDBC driver's update counts), however requests follow each other.
 */
class ChDbEndpointITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldRunEveryRequestWithItsOwnDatabaseAndSettingsOnly() throws Exception {
    post("", "CREATE DATABASE IF NOT EXISTS endpoint_a");
    post("", "CREATE TABLE endpoint_a.t (x UInt32) ENGINE = MergeTree ORDER BY x");
    post("", "INSERT INTO endpoint_a.t SELECT number FROM numbers(5)");

    // A setting of one request limits that request only.
    assertThat(post("database=endpoint_a&limit=2", "SELECT x FROM t ORDER BY x").body())
        .isEqualTo("0\n1\n");
    assertThat(post("database=endpoint_a&limit=2", "SELECT x FROM t ORDER BY x").body())
        .isEqualTo("0\n1\n");
    assertThat(post("database=endpoint_a&limit=3", "SELECT x FROM t ORDER BY x").body())
        .isEqualTo("0\n1\n2\n");
    assertThat(post("database=endpoint_a", "SELECT x FROM t ORDER BY x").body()).hasLineCount(5);
    assertThat(post("database=endpoint_a", "SELECT getSetting('limit')").body()).isEqualTo("0\n");

    // The database of one request is not the next one's default.
    assertThat(post("", "SELECT currentDatabase()").body()).isEqualTo("default\n");
    assertThat(post("database=endpoint_a", "SELECT currentDatabase()").body())
        .isEqualTo("endpoint_a\n");
    assertThat(post("", "SELECT currentDatabase()").body()).isEqualTo("default\n");
  }

  @Test
  void shouldReportTheRowsEachInsertWroteWhateverRanBetween() throws Exception {
    post("", "CREATE DATABASE IF NOT EXISTS endpoint_b");
    post("", "CREATE TABLE endpoint_b.t (x UInt32) ENGINE = MergeTree ORDER BY x");

    assertThat(writtenRows(post("", "INSERT INTO endpoint_b.t VALUES (1), (2), (3)")))
        .isEqualTo("3");
    // Back to back, as a sink's batches come.
    assertThat(writtenRows(post("", "INSERT INTO endpoint_b.t VALUES (4)"))).isEqualTo("1");
    // Rows inserted by a request that is not an INSERT count for that request, not the next one.
    post(
        "",
        "CREATE TABLE endpoint_b.copy ENGINE = MergeTree ORDER BY x AS SELECT * FROM endpoint_b.t");
    assertThat(writtenRows(post("", "INSERT INTO endpoint_b.t VALUES (5), (6)"))).isEqualTo("2");
    assertThat(post("", "SELECT count() FROM endpoint_b.copy").body()).isEqualTo("4\n");
  }

  private static HttpResponse<String> post(String params, String sql) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(STACK.httpUrl() + "/?" + params))
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", sql, response.body()).isEqualTo(200);
    return response;
  }

  private static String writtenRows(HttpResponse<String> response) {
    String summary = response.headers().firstValue("X-ClickHouse-Summary").orElseThrow();
    int at = summary.indexOf("\"written_rows\":\"") + "\"written_rows\":\"".length();
    return summary.substring(at, summary.indexOf('"', at));
  }
}
