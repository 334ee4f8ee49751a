package se.sakervard.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.notify.WebhookSender.Attempt;
import se.sakervard.alerting.notify.WebhookSender.Delivery;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * What became of one page: the group it carried, the JSON it was, and how the delivery went. Each
 * notification in it gets an audit step per attempt and one for the outcome; a page the webhook
 * never took also becomes a dead letter holding the payload, so an operator can send it by hand
 * with the same idempotency key.
 */
public record PageOutcome(Group group, String payload, Delivery delivery) {
  /** The dead letters' source for pages: they come from no topic. */
  public static final String SOURCE = "webhook";

  public boolean delivered() {
    return delivery.delivered();
  }

  /**
   * Per notification: DELIVERY_ATTEMPT for each try (event time of the page, the wall-clock time
   * the request went out in the detail) and DELIVERED or DELIVERY_FAILED with the attempts it took.
   */
  public List<AlertStep> auditSteps() {
    List<AlertStep> steps = new ArrayList<>();
    for (Outgoing n : group.notifications()) {
      for (Attempt a : delivery.tries()) {
        steps.add(
            step(
                n,
                AlertEvent.Kind.DELIVERY_ATTEMPT,
                a.number(),
                a.outcome() + " at " + a.sentAt()));
      }
      steps.add(
          delivery.delivered()
              ? step(n, AlertEvent.Kind.DELIVERED, delivery.attempts(), "")
              : step(n, AlertEvent.Kind.DELIVERY_FAILED, delivery.attempts(), delivery.reason()));
    }
    return steps;
  }

  public DeadLetterRecord deadLetter(String job) {
    return new DeadLetterRecord(
        job,
        SOURCE,
        -1,
        -1,
        DeadLetterReason.UNDELIVERABLE,
        "page to "
            + group.hospitalCode()
            + " not delivered: "
            + delivery.reason()
            + "; the raw value is the payload, send it with the header "
            + WebhookSender.IDEMPOTENCY_KEY
            + ": "
            + group.idempotencyKey(),
        group.idempotencyKey(),
        group.at(),
        payload.getBytes(StandardCharsets.UTF_8));
  }

  private AlertStep step(Outgoing n, AlertEvent.Kind kind, int attempt, String detail) {
    AlertEvent e = n.event();
    return new AlertStep(
        n.rule().name(),
        n.rule().urgency(),
        n.place(),
        new AlertEvent(
            group.at(), e.dedupKey(), kind, e.sequence(), e.escalation(), e.value(), null),
        attempt,
        detail,
        n.ref());
  }
}
