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
 * BOARD_TOKEN}, from the environment, or a person's own in the users file): every request then
 * carries it, as {@code Authorization: Bearer <token>} or as the cookie {@code
 * /login?token=<token>} sets, or is refused with 401.
 *
 * <p>Each person sees what the users file ({@code --users}, {@link BoardUsers}) gives them: one
 * hospital, or every hospital of the region. Behind the proxy, {@code --user-header} names the
 * header with the signed-in user's name. Every query is run with the person's hospital as its
 * parameter {@code hospital} (ClickHouse's {@code param_hospital}), so a hospital's person gets
 * none of another hospital's rows; production's ClickHouse user for the board can in addition be a
 * hospital reader of {@code sql/production/010_bi_access.sql}.
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
  private final BoardUsers users;
  private final String userHeader;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BoardServer(
      HttpServer server,
      URI clickHouse,
      String user,
      String key,
      String token,
      BoardUsers users,
      String userHeader) {
    this.server = server;
    this.clickHouse = clickHouse;
    this.user = user;
    this.key = key;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.users = users;
    this.userHeader = userHeader;
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
    return start(address, clickHouse, user, password, token, BoardUsers.none(), null);
  }

  /**
   * The same, each person seeing what {@code users} gives them.
   *
   * @param userHeader the header in which the single sign-on proxy on this host passes the user's
   *     name, or null; only on a loopback address, where nothing but that proxy can reach the board
   */
  public static BoardServer start(
      InetSocketAddress address,
      URI clickHouse,
      String user,
      String password,
      String token,
      BoardUsers users,
      String userHeader)
      throws IOException {
    boolean loopback = address.getAddress().isLoopbackAddress();
    if (userHeader != null && !loopback) {
      throw new IllegalArgumentException(
          "--user-header trusts a header anyone could send: bind the board to 127.0.0.1 behind"
              + " the single sign-on proxy that sets it, or give people tokens in the users file");
    }
    if ((token == null || token.isEmpty()) && !users.hasTokens() && !loopback) {
      throw new IllegalArgumentException(
          "The board would be open to anyone on "
              + address.getAddress().getHostAddress()
              + ": set BOARD_TOKEN (at least 16 characters) or give people tokens in the users file"
              + " (--users), or bind to 127.0.0.1 behind the"
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
            token == null || token.isEmpty() ? null : token,
            users,
            userHeader);
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
              + " [--bind 127.0.0.1] [--port 8080] [--users <file>] [--user-header <name>]; the"
              + " password comes from CLICKHOUSE_PASSWORD, the region-wide token from BOARD_TOKEN");
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
              System.getenv("BOARD_TOKEN"),
              options.containsKey("--users")
                  ? BoardUsers.load(java.nio.file.Path.of(options.get("--users")))
                  : BoardUsers.none(),
              options.get("--user-header"));
    } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
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
      String hospital = guarded() ? scopeOf(exchange) : BoardUsers.EVERY_HOSPITAL;
      if (guarded() && path.equals("/login")) {
        login(exchange);
      } else if (hospital == null) {
        refuse(exchange);
      } else if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only");
      } else if (PAGE.containsKey(path)) {
        String file = PAGE.get(path);
        send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), resource(file));
      } else if (path.startsWith("/api/") && QUERIES.contains(path.substring(5))) {
        query(exchange, path.substring(5), hospital);
      } else {
        send(exchange, 404, "text/plain", "not found: " + path);
      }
    }
  }

  /** Whether anything is asked of a request: a token, a users file or a proxy's header. */
  private boolean guarded() {
    return token != null || users.hasTokens() || userHeader != null;
  }

  /**
   * The hospital the request's person sees ({@link BoardUsers#EVERY_HOSPITAL}: all), or null: by
   * the proxy's user header, else by a token presented as a bearer token or as the login's cookie.
   */
  private String scopeOf(HttpExchange exchange) {
    String name = userHeader == null ? null : exchange.getRequestHeaders().getFirst(userHeader);
    if (name != null) {
      return users.hospitalOfUser(name.strip());
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      String scope = scopeOfToken(authorization.substring(7).trim());
      if (scope != null) {
        return scope;
      }
    }
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String cookie : header.split(";")) {
        String c = cookie.trim();
        if (c.startsWith(COOKIE + "=")) {
          String scope = scopeOfToken(c.substring(COOKIE.length() + 1));
          if (scope != null) {
            return scope;
          }
        }
      }
    }
    return null;
  }

  /** 403 for a signed-in user the users file does not name, else 401: no or a wrong token. */
  private void refuse(HttpExchange exchange) throws IOException {
    if (userHeader != null && exchange.getRequestHeaders().getFirst(userHeader) != null) {
      send(
          exchange,
          403,
          "text/plain; charset=utf-8",
          "You are signed in, but the board's users file gives you no hospital: ask the board's"
              + " administrator.");
    } else {
      send(
          exchange,
          401,
          "text/plain; charset=utf-8",
          "The here-and-now board needs its token: open /login?token=<token> once.");
    }
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
    if (given == null || scopeOfToken(given) == null) {
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

  /**
   * What a token's holder sees: everything for the region-wide token, else what the users file
   * gives, else null. Compared in constant time: how much of a guess matched must not show in the
   * answer's time.
   */
  private String scopeOfToken(String given) {
    if (token != null
        && java.security.MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      return BoardUsers.EVERY_HOSPITAL;
    }
    return users.hospitalOfToken(given);
  }

  /**
   * Runs a named query for the person's {@code hospital}; ClickHouse's own error (status and text)
   * is passed on as it came.
   */
  private void query(HttpExchange exchange, String name, String hospital) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(
                clickHouse.resolve(
                    "/?readonly=1&param_hospital="
                        + java.net.URLEncoder.encode(hospital, StandardCharsets.UTF_8)))
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
