package se.sakervard.alerting.notify;

import java.time.Duration;

/**
 * How often and how patiently a delivery is tried again: {@code maxAttempts} in all, waiting {@code
 * initialBackoff} before the second, each wait {@code multiplier} times the one before, at most
 * {@code maxBackoff}. The defaults keep trying for about ten minutes, so a receiver down for
 * minutes loses no page.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff)
    implements java.io.Serializable {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || multiplier < 1) {
      throw new IllegalArgumentException(
          "expected 0 <= initialBackoff <= maxBackoff and multiplier >= 1");
    }
  }

  /** 12 attempts: 1, 2, 4, 8, 16, 32 s, then every 60 s: about 10 minutes in all. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(12, Duration.ofSeconds(1), 2, Duration.ofSeconds(60));
  }

  /** The wait before attempt {@code attempt} (2 for the first retry). */
  public Duration backoffBefore(int attempt) {
    double ms = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
    return Duration.ofMillis((long) Math.min(ms, maxBackoff.toMillis()));
  }
}
