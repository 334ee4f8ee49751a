package se.sakervard.alerting.rules;

import java.time.Duration;
import se.sakervard.core.config.PipelineOptions;

/**
 * When an unacknowledged firing alert is notified again: escalated to the next on-call level after
 * {@code acknowledgeWithin} (and again after each further period, up to {@code escalationLevels}
 * levels above the primary contact), reminded after {@code repeatInterval}, at most {@code
 * maxReminders} times (long and few, since each extra reminder lowers acceptance:
 * docs/alerting.md).
 */
public record AlertTiming(
    Duration acknowledgeWithin, int escalationLevels, Duration repeatInterval, int maxReminders)
    implements java.io.Serializable {

  public AlertTiming {
    if (acknowledgeWithin.isNegative() || acknowledgeWithin.isZero()) {
      throw new IllegalArgumentException("acknowledgeWithin must be positive");
    }
    if (repeatInterval.isNegative() || repeatInterval.isZero()) {
      throw new IllegalArgumentException("repeatInterval must be positive");
    }
    if (escalationLevels < 0 || maxReminders < 0) {
      throw new IllegalArgumentException("escalationLevels and maxReminders must not be negative");
    }
  }

  /**
   * 15 minutes to acknowledge, then one escalation level; a reminder every 4 hours, at most 3 (our
   * choice): after that the alert stays on the dashboard and in the audit trail. The {@code
   * alerting.*} options' defaults.
   */
  public static AlertTiming defaults() {
    return new AlertTiming(
        PipelineOptions.ALERTING_ACKNOWLEDGE_WITHIN.defaultValue(),
        PipelineOptions.ALERTING_ESCALATION_LEVELS.defaultValue(),
        PipelineOptions.ALERTING_REPEAT_INTERVAL.defaultValue(),
        PipelineOptions.ALERTING_MAX_REMINDERS.defaultValue());
  }
}
