package se.sakervard.board;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The here-and-now board: a static page (index.html, board.js, board.css) and its three named
 * queries ({@code sql/board/*.sql}: levels, indicators, alerts), each run on ClickHouse's HTTP
 * interface as a read-only user and returned as ClickHouse's JSON. The browser never sends SQL. The
 * same server runs against the local endpoint and a production server or cluster:
 *
 * <pre>
 * CLICKHOUSE_PASSWORD=... java -cp jobs-job.jar se.sakervard.board.BoardServer \
 *     --port 8080 --clickhouse-url http://ch.example:8123 --clickhouse-user sakervard_board
 * </pre>
 */
public final class BoardServer implements AutoCloseable {
  private static final String RESOURCES = "se/sakervard/board/";
  private static final Set<String> QUERIES = Set.of("levels", "indicators", "alerts");
  private static final Map<String, String> PAGE =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/board.js", "board.js",
          "/board.css", "board.css");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private final HttpServer server;
  private final URI clickHouse;
  private final String user;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BoardServer(HttpServer server, URI clickHouse, String user, String key) {
    this.server = server;
    this.clickHouse = clickHouse;
    this.user = user;
    this.key = key;
  }

  /** Starts serving on {@code address} (port 0: a free one); {@link #url()} says where. */
  public static BoardServer start(
      InetSocketAddress address, URI clickHouse, String user, String password) throws IOException {
    BoardServer board = new BoardServer(HttpServer.create(address, 0), clickHouse, user, password);
    board.server.createContext("/", board::handle);
    board.server.setExecutor(Executors.newFixedThreadPool(4));
    board.server.start();
    return board;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    String url = options.get("--clickhouse-url");
    if (url == null) {
      System.err.println(
          "usage: BoardServer --clickhouse-url http://host:8123 [--clickhouse-user user]"
              + " [--port 8080]; the password comes from CLICKHOUSE_PASSWORD");
      System.exit(2);
    }
    BoardServer board =
        start(
            new InetSocketAddress(Integer.parseInt(options.getOrDefault("--port", "8080"))),
            URI.create(url),
            options.getOrDefault("--clickhouse-user", "default"),
            System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""));
    System.out.println("Here-and-now board on " + board.url());
  }

  public URI url() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only");
      } else if (PAGE.containsKey(path)) {
        String file = PAGE.get(path);
        send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), resource(file));
      } else if (path.startsWith("/api/") && QUERIES.contains(path.substring(5))) {
        query(exchange, path.substring(5));
      } else {
        send(exchange, 404, "text/plain", "not found: " + path);
      }
    }
  }

  /** Runs a named query; ClickHouse's own error (status and text) is passed on as it came. */
  private void query(HttpExchange exchange, String name) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(clickHouse.resolve("/?readonly=1"))
            .timeout(Duration.ofSeconds(30))
            .header("X-ClickHouse-User", user)
            .header("X-ClickHouse-Key", key)
            .header("X-ClickHouse-Format", "JSON")
            .POST(HttpRequest.BodyPublishers.ofString(resource("queries/" + name + ".sql")))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      send(
          exchange,
          answer.statusCode() == 200 ? 200 : 502,
          answer.statusCode() == 200 ? "application/json" : "text/plain",
          answer.body());
    } catch (IOException e) {
      send(exchange, 502, "text/plain", "ClickHouse unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, "text/plain", "interrupted");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String resource(String name) {
    try (InputStream in =
        BoardServer.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
