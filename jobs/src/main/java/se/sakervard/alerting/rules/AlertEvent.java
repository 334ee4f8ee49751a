package se.sakervard.alerting.rules;

/**
 * One step of an alert's life, for the audit trail and, when it {@link #notifies()}, for delivery.
 *
 * @param at event time of the step (epoch ms)
 * @param dedupKey rule, place and episode (the instant it fired); empty before it fires
 * @param sequence the episode's notification number (1 the first), 0 for steps that notify no one
 * @param escalation 0 the primary on-call contact, 1 the next level, ...
 * @param value the value behind the step (the newest one seen)
 * @param by who acknowledged or silenced, else null
 */
public record AlertEvent(
    long at, String dedupKey, Kind kind, int sequence, int escalation, double value, String by) {

  public enum Kind {
    /** The condition holds; it fires if it still does after the rule's {@code for}. */
    PENDING,
    /** The condition stopped before {@code for} had passed: nobody is told. */
    CANCELLED,
    FIRING,
    REMINDER,
    ESCALATED,
    ACKNOWLEDGED,
    RESOLVED,
    /** A person silenced the alert ({@code by}) until an end time. */
    SILENCE,
    /** A notification that a silence held back; sent as a reminder when the silence ends. */
    SILENCED,
    /** One try at sending the notification's page to the webhook, with its answer. */
    DELIVERY_ATTEMPT,
    /** The webhook took the notification's page, after the attempts counted with it. */
    DELIVERED,
    /** The webhook never took it: the attempts and the reason; the page is dead-lettered. */
    DELIVERY_FAILED,
    /** A warning went out in the digest mail. */
    DIGESTED,
    /** The digest mail with this warning could not be sent (detail: why). */
    DIGEST_FAILED
  }

  /** Whether someone is notified of this step. */
  public boolean notifies() {
    return sequence > 0;
  }

  /**
   * Whether this notification goes to people (a page, a digest item): it fired, escalated or is
   * reminded. A resolution is in the audit trail and leaves the open alerts, but asks nothing of
   * anyone, so it is neither paged at night nor a digest item.
   */
  public boolean asksForAction() {
    return notifies() && kind != Kind.RESOLVED;
  }

  /** The key a receiver deduplicates deliveries by: the same notification always has the same. */
  public String idempotencyKey() {
    return dedupKey + "#" + sequence;
  }
}
