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
 *
 * <p>It listens on 127.0.0.1 unless told otherwise ({@code --bind}), for a reverse proxy on the
 * same host that does the region's single sign-on. Any other address needs a token ({@code
 * BOARD_TOKEN}, from the environment): every request then carries it, as {@code Authorization:
 * Bearer <token>} or as the cookie {@code /login?token=<token>} sets, or is refused with 401.
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

  /** The cookie {@code /login} sets; HttpOnly, so the page's scripts never see it. */
  static final String COOKIE = "sakervard_board";

  private final HttpServer server;
  private final URI clickHouse;
  private final String user;
  private final String key;
  private final byte[] token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BoardServer(HttpServer server, URI clickHouse, String user, String key, String token) {
    this.server = server;
    this.clickHouse = clickHouse;
    this.user = user;
    this.key = key;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Starts serving on a loopback {@code address} without a token. */
  public static BoardServer start(
      InetSocketAddress address, URI clickHouse, String user, String password) throws IOException {
    return start(address, clickHouse, user, password, null);
  }

  /**
   * Starts serving on {@code address} (port 0: a free one); {@link #url()} says where.
   *
   * @param token required of every request when not null; an address other than loopback requires
   *     one
   */
  public static BoardServer start(
      InetSocketAddress address, URI clickHouse, String user, String password, String token)
      throws IOException {
    if ((token == null || token.isEmpty()) && !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "The board would be open to anyone on "
              + address.getAddress().getHostAddress()
              + ": set BOARD_TOKEN (at least 16 characters), or bind to 127.0.0.1 behind the"
              + " region's single sign-on proxy (docs/operations.md, the here-and-now board)");
    }
    if (token != null && !token.isEmpty() && !token.matches("[A-Za-z0-9._~-]{16,}")) {
      throw new IllegalArgumentException(
          "BOARD_TOKEN must be at least 16 letters, digits, '.', '_', '~' or '-' (it goes in a"
              + " cookie and a URL): openssl rand -hex 32 makes one");
    }
    BoardServer board =
        new BoardServer(
            HttpServer.create(address, 0),
            clickHouse,
            user,
            password,
            token == null || token.isEmpty() ? null : token);
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
              + " [--bind 127.0.0.1] [--port 8080]; the password comes from CLICKHOUSE_PASSWORD,"
              + " the token an address other than 127.0.0.1 needs from BOARD_TOKEN");
      System.exit(2);
    }
    BoardServer board;
    try {
      board =
          start(
              new InetSocketAddress(
                  options.getOrDefault("--bind", "127.0.0.1"),
                  Integer.parseInt(options.getOrDefault("--port", "8080"))),
              URI.create(url),
              options.getOrDefault("--clickhouse-user", "default"),
              System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""),
              System.getenv("BOARD_TOKEN"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
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
      if (token != null && path.equals("/login")) {
        login(exchange);
      } else if (token != null && !presentsToken(exchange)) {
        send(
            exchange,
            401,
            "text/plain; charset=utf-8",
            "The here-and-now board needs its token: open /login?token=<token> once.");
      } else if (!exchange.getRequestMethod().equals("GET")) {
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

  /** Whether the request carries the token, as a bearer token or as the login's cookie. */
  private boolean presentsToken(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null
        && authorization.startsWith("Bearer ")
        && matches(authorization.substring(7).trim())) {
      return true;
    }
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String cookie : header.split(";")) {
        String c = cookie.trim();
        if (c.startsWith(COOKIE + "=") && matches(c.substring(COOKIE.length() + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code /login?token=...}: the right token sets the cookie and goes to the board. */
  private void login(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String given = null;
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith("token=")) {
        given = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    if (given == null || !matches(given)) {
      send(exchange, 401, "text/plain; charset=utf-8", "Wrong or missing token.");
      return;
    }
    exchange
        .getResponseHeaders()
        .set(
            "Set-Cookie",
            COOKIE + "=" + given + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
    exchange.getResponseHeaders().set("Location", "/");
    exchange.sendResponseHeaders(303, -1);
  }

  /** Compared in constant time: how much of a guess matched must not show in the answer's time. */
  private boolean matches(String given) {
    return java.security.MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
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
