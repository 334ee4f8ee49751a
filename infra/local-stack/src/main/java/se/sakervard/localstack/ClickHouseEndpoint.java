package se.sakervard.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A ClickHouse HTTP endpoint backed by the real ClickHouse engine: {@code
 * infra/chdb-endpoint/server.js} (chDB behind the ClickHouse HTTP interface) as a child {@code
 * node} process on a random loopback port.
 *
 * <p>It is a development and test stand-in (one engine session, requests serialized, no auth); the
 * JDBC URL it hands out has the same shape as one for a real ClickHouse server.
 */
public final class ClickHouseEndpoint implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ChildProcess process;
  private final int port;

  private ClickHouseEndpoint(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the endpoint with its data in {@code dataDir} (created if missing; its log is {@code
   * chdb-endpoint.log} there) and waits until it answers {@code /ping}.
   */
  public static ClickHouseEndpoint start(Path dataDir) throws IOException, InterruptedException {
    return start(dataDir, ChildProcess.freeLoopbackPort());
  }

  /** Starts it on {@code port}: a restart after {@link #close()} keeps the same URL and data. */
  public static ClickHouseEndpoint start(Path dataDir, int port)
      throws IOException, InterruptedException {
    Path endpointDir = RepoRoot.get().resolve("infra/chdb-endpoint");
    if (!Files.isDirectory(endpointDir.resolve("node_modules/chdb"))) {
      throw new IllegalStateException(
          "chDB is not installed: run `npm install` in " + endpointDir + " (the Maven build does)");
    }
    Files.createDirectories(dataDir);
    ChildProcess process =
        ChildProcess.start(
            "chdb-endpoint",
            List.of(
                "node",
                endpointDir.resolve("server.js").toString(),
                "--port",
                String.valueOf(port),
                "--data",
                dataDir.toAbsolutePath().toString()),
            dataDir.resolve("chdb-endpoint.log"));
    ClickHouseEndpoint endpoint = new ClickHouseEndpoint(process, port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(endpoint.httpUrl() + "/ping"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      process.awaitReady(
          START_TIMEOUT,
          () -> http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    } catch (RuntimeException | InterruptedException e) {
      endpoint.close();
      throw e;
    }
    return endpoint;
  }

  public int port() {
    return port;
  }

  /** The HTTP interface, {@code http://127.0.0.1:PORT}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * A ClickHouse JDBC URL for {@code database}. It turns off the driver's ClickHouse-native
   * compression, which the endpoint does not speak, and asks for synchronous inserts (chDB defaults
   * to {@code async_insert=1}), so rows are visible as soon as an INSERT returns. Server settings
   * on the URL need the driver's {@code clickhouse_setting_} prefix.
   */
  public String jdbcUrl(String database) {
    return "jdbc:clickhouse://127.0.0.1:"
        + port
        + "/"
        + database
        + "?compress=false&clickhouse_setting_async_insert=0";
  }

  /** Stops the endpoint (it closes its chDB session on SIGTERM). */
  @Override
  public void close() {
    process.close();
  }
}
