package se.sakervard.alerting.rules;

import java.time.Duration;

/**
 * Fires at once on an event that needs a physician's attention whatever the numbers say: a case
 * classified as a serious care injury (allvarlig vårdskada), a lex Maria report, an infection
 * cluster opened or grown.
 *
 * @param actNowWithin for an act-now serious care injury: the longest time from the deviation to
 *     its classification for which the alert is acted on now; a classification of an older event is
 *     acted on today (a classification made three days after the event is not a 03:00 action).
 *     {@link #ALWAYS} for every other rule, and where the event's time is not known.
 */
public record EventRule(
    String name, Kind event, Urgency urgency, String rationale, Duration actNowWithin)
    implements AlertRule {
  /** No limit: the rule's urgency holds whenever the event occurred. */
  public static final Duration ALWAYS = Duration.ofMillis(Long.MAX_VALUE);

  public enum Kind {
    SERIOUS_CARE_INJURY,
    LEX_MARIA_FILED,
    CLUSTER_OPENED,
    CLUSTER_GREW
  }

  /** A rule whose urgency holds whenever its event occurred. */
  public EventRule(String name, Kind event, Urgency urgency, String rationale) {
    this(name, event, urgency, rationale, ALWAYS);
  }

  /**
   * The urgency of this rule's alert on an event classified at {@code at} that occurred at {@code
   * occurred} (null when not known): act today instead of now when it occurred longer ago than
   * {@link #actNowWithin}.
   */
  public Urgency urgencyOf(long at, Long occurred) {
    if (urgency == Urgency.ACT_NOW && occurred != null && at - occurred > actNowWithin.toMillis()) {
      return Urgency.ACT_TODAY;
    }
    return urgency;
  }
}
