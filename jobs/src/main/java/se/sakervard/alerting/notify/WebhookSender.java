package se.sakervard.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers a page to the paging system's HTTP webhook: a POST of the JSON payload with the header
 * {@code Idempotency-Key}, so that the receiver drops a second delivery of the same notification
 * (after a retry whose answer was lost, or a replay after a restart). Retries with backoff on
 * connection errors, 408, 429 and 5xx; a 2xx, or a 409 (the receiver has it already), is delivered;
 * any other 4xx is a payload the receiver will never take, and fails at once.
 *
 * <p>With a {@link WebhookSignature}, every attempt is signed as it goes out (its own timestamp, so
 * a retry after a long backoff is still inside the receiver's replay window).
 */
public final class WebhookSender {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI endpoint;
  private final RetryPolicy retry;
  private final HttpClient http;
  private final Clock clock;
  private final WebhookSignature signature;

  /**
   * @param signature signs each request; null sends pages unsigned
   */
  public WebhookSender(URI endpoint, RetryPolicy retry, Clock clock, WebhookSignature signature) {
    this.endpoint = endpoint;
    this.retry = retry;
    this.clock = clock;
    this.signature = signature;
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  }

  /**
   * One try at a delivery, for the audit trail.
   *
   * @param sentAt wall-clock time the request went out
   * @param status the HTTP status, or 0 when the receiver could not be reached
   * @param outcome "HTTP 200", "HTTP 503", "unreachable: ..."
   */
  public record Attempt(int number, Instant sentAt, int status, String outcome) {}

  /**
   * The outcome of a delivery.
   *
   * @param tries every attempt, in order; empty when none was made
   * @param reason why it failed; null when delivered
   */
  public record Delivery(boolean delivered, List<Attempt> tries, String reason) {

    public int attempts() {
      return tries.size();
    }

    /** The last HTTP status, or 0 when the receiver could not be reached. */
    public int status() {
      return tries.isEmpty() ? 0 : tries.get(tries.size() - 1).status();
    }
  }

  /** Tries until delivered, refused for good, or out of attempts; blocks while it waits. */
  public Delivery deliver(String idempotencyKey, String json) throws InterruptedException {
    List<Attempt> tries = new ArrayList<>();
    String reason = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Thread.sleep(retry.backoffBefore(attempt).toMillis());
      }
      Instant sentAt = clock.instant();
      int status;
      try {
        status =
            http.send(request(idempotencyKey, json, sentAt), HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        reason = "unreachable: " + e;
        tries.add(new Attempt(attempt, sentAt, 0, reason));
        continue;
      }
      tries.add(new Attempt(attempt, sentAt, status, "HTTP " + status));
      if (status / 100 == 2 || status == 409) {
        return new Delivery(true, tries, null);
      }
      reason = "HTTP " + status;
      if (status / 100 == 4 && status != 408 && status != 429) {
        return new Delivery(
            false, tries, reason + ", not retried: the receiver refuses this payload");
      }
    }
    return new Delivery(false, tries, reason + " after " + retry.maxAttempts() + " attempts");
  }

  private HttpRequest request(String idempotencyKey, String json, Instant sentAt) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_KEY, idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (signature != null) {
      long seconds = sentAt.getEpochSecond();
      request
          .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(seconds))
          .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(seconds, json));
    }
    return request.build();
  }
}
