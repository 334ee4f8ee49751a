package se.sakervard.local.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A paging system's webhook on loopback for the benchmark: takes every page and notes when each
 * alert of it (by rule and event reference) first arrived.
 */
final class PageReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();

  private PageReceiver(HttpServer server) {
    this.server = server;
  }

  static PageReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    PageReceiver receiver = new PageReceiver(server);
    server.createContext(
        "/page",
        exchange -> {
          long now = System.currentTimeMillis();
          JsonNode page = JSON.readTree(exchange.getRequestBody().readAllBytes());
          for (JsonNode alert : page.get("alerts")) {
            if (alert.hasNonNull("ref")) {
              receiver.firstArrival.merge(
                  alert.get("rule").asText() + "|" + alert.get("ref").asText(), now, Math::min);
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return receiver;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
  }

  /** When the first page about this rule's alert on this event reference arrived, or null. */
  Long arrival(String rule, String ref) {
    return firstArrival.get(rule + "|" + ref);
  }

  List<String> received() {
    return List.copyOf(firstArrival.keySet());
  }

  void forget() {
    firstArrival.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
