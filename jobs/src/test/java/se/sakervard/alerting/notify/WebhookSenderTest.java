package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook delivery against a real HTTP receiver on loopback. */
class WebhookSenderTest {
  private static final RetryPolicy FAST =
      new RetryPolicy(5, Duration.ofMillis(20), 2, Duration.ofMillis(100));
  private static final Instant NOW = Instant.parse("2026-03-02T11:00:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private record Received(String idempotencyKey, String body, String timestamp, String signature) {
    Received(String idempotencyKey, String body) {
      this(idempotencyKey, body, null, null);
    }
  }

  /** A secret of the tests' own, 32 bytes. */
  private static final byte[] SECRET =
      "the tests' webhook secret, 32 b!".getBytes(StandardCharsets.UTF_8);

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A receiver that answers {@code refusals} requests with {@code refusal}, then 200. */
  private URI receiver(int refusals, int refusal) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/page",
        exchange -> {
          var headers = exchange.getRequestHeaders();
          received.add(
              new Received(
                  headers.getFirst(WebhookSender.IDEMPOTENCY_KEY),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  headers.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                  headers.getFirst(WebhookSignature.SIGNATURE_HEADER)));
          int status = calls.incrementAndGet() <= refusals ? refusal : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
  }

  @Test
  void shouldKeepTryingWhileTheReceiverRefusesAndDeliverOnce() throws Exception {
    WebhookSender sender = new WebhookSender(receiver(3, 503), FAST, CLOCK, null);
    WebhookSender.Delivery d = sender.deliver("H1|k#1", "{\"page\":1}");
    assertThat(d.delivered()).isTrue();
    assertThat(d.tries())
        .containsExactly(
            new WebhookSender.Attempt(1, NOW, 503, "HTTP 503"),
            new WebhookSender.Attempt(2, NOW, 503, "HTTP 503"),
            new WebhookSender.Attempt(3, NOW, 503, "HTTP 503"),
            new WebhookSender.Attempt(4, NOW, 200, "HTTP 200"));
    // Every attempt carried the same key and body; only the fourth was taken, then it stopped.
    assertThat(received).hasSize(4).containsOnly(new Received("H1|k#1", "{\"page\":1}"));
  }

  @Test
  void shouldTakeAConflictAsAlreadyDelivered() throws Exception {
    WebhookSender sender = new WebhookSender(receiver(1, 409), FAST, CLOCK, null);
    assertThat(sender.deliver("k#1", "{}").delivered()).isTrue();
    assertThat(received).hasSize(1);
  }

  @Test
  void shouldNotRetryAPayloadTheReceiverRejects() throws Exception {
    WebhookSender.Delivery d =
        new WebhookSender(receiver(99, 400), FAST, CLOCK, null).deliver("k#1", "{}");
    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.reason()).startsWith("HTTP 400, not retried");
  }

  @Test
  void shouldGiveUpWithTheReasonWhenTheReceiverNeverAnswers() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    WebhookSender.Delivery d =
        new WebhookSender(URI.create("http://127.0.0.1:" + closedPort + "/page"), FAST, CLOCK, null)
            .deliver("k#1", "{}");
    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(5);
    assertThat(d.status()).isZero();
    assertThat(d.reason()).startsWith("unreachable:").endsWith("after 5 attempts");
  }

  @Test
  void shouldSignEveryAttemptSoThatTheReceiverCanVerifyIt() throws Exception {
    WebhookSender sender =
        new WebhookSender(receiver(1, 503), FAST, CLOCK, new WebhookSignature(SECRET));
    assertThat(sender.deliver("H1|k#1", "{\"page\":1}").delivered()).isTrue();

    assertThat(received).hasSize(2);
    Received page = received.get(1);
    // Sent at NOW: 2026-03-02T11:00:30Z is 1772449230 Unix seconds.
    assertThat(page.timestamp()).isEqualTo("1772449230");
    // As openssl computes it (docs/alerting.md): { printf '1772449230.'; printf '{"page":1}'; }
    // | openssl dgst -sha256 -hmac "the tests' webhook secret, 32 b!"
    assertThat(page.signature())
        .isEqualTo("v1=b4ee65b73459d96b4d4480703c0e4e98a3132511c59a02871dd113fa23120acb");
    WebhookSignature receiver = new WebhookSignature(SECRET);
    assertThat(receiver.verify(page.timestamp(), page.signature(), page.body(), NOW)).isTrue();
    // Within the replay window, from either side of the receiver's clock.
    assertThat(
            receiver.verify(page.timestamp(), page.signature(), page.body(), NOW.plusSeconds(299)))
        .isTrue();
    assertThat(
            receiver.verify(page.timestamp(), page.signature(), page.body(), NOW.minusSeconds(299)))
        .isTrue();
  }

  @Test
  void shouldRefuseAForgedAlteredOrReplayedPage() throws Exception {
    new WebhookSender(receiver(0, 200), FAST, CLOCK, new WebhookSignature(SECRET))
        .deliver("H1|k#1", "{\"page\":1}");
    Received page = received.get(0);
    WebhookSignature receiver = new WebhookSignature(SECRET);

    // Another secret: not this system.
    assertThat(
            new WebhookSignature("someone else's secret, 31 bytes".getBytes(StandardCharsets.UTF_8))
                .verify(page.timestamp(), page.signature(), page.body(), NOW))
        .isFalse();
    // The body altered, or the timestamp moved to pass a replay off as fresh.
    assertThat(receiver.verify(page.timestamp(), page.signature(), "{\"page\":2}", NOW)).isFalse();
    assertThat(receiver.verify("1772449530", page.signature(), page.body(), NOW.plusSeconds(300)))
        .isFalse();
    // The same page sent again more than 5 minutes later.
    assertThat(
            receiver.verify(page.timestamp(), page.signature(), page.body(), NOW.plusSeconds(301)))
        .isFalse();
    // Headers missing or malformed.
    assertThat(receiver.verify(null, page.signature(), page.body(), NOW)).isFalse();
    assertThat(receiver.verify("yesterday", page.signature(), page.body(), NOW)).isFalse();
    assertThat(receiver.verify(page.timestamp(), null, page.body(), NOW)).isFalse();
  }

  @Test
  void shouldSendUnsignedWithoutASecretAndRefuseAShortSecret() throws Exception {
    new WebhookSender(receiver(0, 200), FAST, CLOCK, null).deliver("k#1", "{}");
    assertThat(received).containsExactly(new Received("k#1", "{}"));
    assertThatThrownBy(() -> new WebhookSignature("short".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 bytes");
  }

  @Test
  void shouldBackOffExponentiallyUpToTheLongestWait() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(List.of(2, 3, 4, 7, 8, 12).stream().map(p::backoffBefore).map(Duration::toSeconds))
        .containsExactly(1L, 2L, 4L, 32L, 60L, 60L);
  }
}
