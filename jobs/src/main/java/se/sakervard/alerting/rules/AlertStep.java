package se.sakervard.alerting.rules;

import se.sakervard.alerting.Place;

/**
 * One step of one rule's alert on one place, for the audit trail and for delivery.
 *
 * @param attempts for a delivery outcome, the attempts it took; else 0
 * @param detail for a delivery outcome, why it failed; else empty
 * @param ref for an event rule's alert, the case or cluster it is about; else null
 */
public record AlertStep(
    String rule,
    Urgency urgency,
    Place place,
    AlertEvent event,
    int attempts,
    String detail,
    String ref) {

  public AlertStep(String rule, Urgency urgency, Place place, AlertEvent event) {
    this(rule, urgency, place, event, 0, "", null);
  }
}
