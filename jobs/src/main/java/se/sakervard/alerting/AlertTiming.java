package se.sakervard.alerting;

import java.time.Duration;

/**
 * When an unacknowledged firing alert is notified again: escalated to the next on-call level after
 * {@code acknowledgeWithin} (and again after each further period, up to {@code escalationLevels}
 * levels above the primary contact), reminded after {@code repeatInterval} (long, since each extra
 * reminder lowers acceptance: domain.md §5).
 */
public record AlertTiming(Duration acknowledgeWithin, int escalationLevels, Duration repeatInterval)
    implements java.io.Serializable {

  public AlertTiming {
    if (acknowledgeWithin.isNegative() || acknowledgeWithin.isZero()) {
      throw new IllegalArgumentException("acknowledgeWithin must be positive");
    }
    if (repeatInterval.isNegative() || repeatInterval.isZero()) {
      throw new IllegalArgumentException("repeatInterval must be positive");
    }
    if (escalationLevels < 0) {
      throw new IllegalArgumentException("escalationLevels must not be negative");
    }
  }

  /**
   * 15 minutes to acknowledge, then one escalation level; a reminder every 4 hours (our choice).
   */
  public static AlertTiming defaults() {
    return new AlertTiming(Duration.ofMinutes(15), 1, Duration.ofHours(4));
  }
}
