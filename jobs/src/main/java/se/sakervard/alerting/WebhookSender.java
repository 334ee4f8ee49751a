package se.sakervard.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Delivers a page to the paging system's HTTP webhook: a POST of the JSON payload with the header
 * {@code Idempotency-Key}, so that the receiver drops a second delivery of the same notification
 * (after a retry whose answer was lost, or a replay after a restart). Retries with backoff on
 * connection errors, 408, 429 and 5xx; a 2xx, or a 409 (the receiver has it already), is delivered;
 * any other 4xx is a payload the receiver will never take, and fails at once.
 */
public final class WebhookSender {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI endpoint;
  private final RetryPolicy retry;
  private final HttpClient http;

  public WebhookSender(URI endpoint, RetryPolicy retry) {
    this.endpoint = endpoint;
    this.retry = retry;
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  }

  /**
   * The outcome of a delivery.
   *
   * @param status the last HTTP status, or 0 when the receiver could not be reached
   * @param reason why it failed; null when delivered
   */
  public record Delivery(boolean delivered, int attempts, int status, String reason) {}

  /** Tries until delivered, refused for good, or out of attempts; blocks while it waits. */
  public Delivery deliver(String idempotencyKey, String json) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_KEY, idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    int status = 0;
    String reason = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Thread.sleep(retry.backoffBefore(attempt).toMillis());
      }
      try {
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = 0;
        reason = "unreachable: " + e;
        continue;
      }
      if (status / 100 == 2 || status == 409) {
        return new Delivery(true, attempt, status, null);
      }
      reason = "HTTP " + status;
      if (status / 100 == 4 && status != 408 && status != 429) {
        return new Delivery(
            false, attempt, status, reason + ", not retried: the receiver refuses this payload");
      }
    }
    return new Delivery(
        false, retry.maxAttempts(), status, reason + " after " + retry.maxAttempts() + " attempts");
  }
}
