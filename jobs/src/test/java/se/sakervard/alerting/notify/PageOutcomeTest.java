package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.notify.WebhookSender.Attempt;
import se.sakervard.alerting.notify.WebhookSender.Delivery;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.schemas.pipeline.DeadLetterReason;

class PageOutcomeTest {
  private static final long AT = Instant.parse("2026-03-02T11:00:30Z").toEpochMilli();
  private static final Instant SENT = Instant.parse("2026-11-26T13:00:00Z");

  /** Two alerts of one hospital grouped into one page. */
  private static Group group() {
    AlertRule rule = AlertRules.defaults().get(0);
    return new Group(
        "R1-H1",
        AT,
        List.of(
            new Outgoing(
                rule,
                Place.hospital("R1", "R1-H1"),
                new AlertEvent(AT - 30_000, "a|R1-H1|x", AlertEvent.Kind.FIRING, 1, 0, 12, null),
                AT - 7_200_000,
                null),
            new Outgoing(
                rule,
                Place.hospital("R1", "R1-H1"),
                new AlertEvent(AT - 20_000, "b|R1-H1|y", AlertEvent.Kind.REMINDER, 2, 1, 13, null),
                AT - 7_200_000,
                null)));
  }

  @Test
  void shouldAuditEveryAttemptAndTheOutcomeOfEachNotification() {
    Delivery delivered =
        new Delivery(
            true,
            List.of(new Attempt(1, SENT, 503, "HTTP 503"), new Attempt(2, SENT, 200, "HTTP 200")),
            null);

    List<AlertStep> steps = new PageOutcome(group(), "{}", delivered).auditSteps();

    // Per notification: 2 attempts and the outcome, all at the page's event time.
    assertThat(steps)
        .extracting(
            s ->
                s.event().dedupKey()
                    + " "
                    + s.event().kind()
                    + " #"
                    + s.event().sequence()
                    + " try "
                    + s.attempts()
                    + " "
                    + s.detail())
        .containsExactly(
            "a|R1-H1|x DELIVERY_ATTEMPT #1 try 1 HTTP 503 at 2026-11-26T13:00:00Z",
            "a|R1-H1|x DELIVERY_ATTEMPT #1 try 2 HTTP 200 at 2026-11-26T13:00:00Z",
            "a|R1-H1|x DELIVERED #1 try 2 ",
            "b|R1-H1|y DELIVERY_ATTEMPT #2 try 1 HTTP 503 at 2026-11-26T13:00:00Z",
            "b|R1-H1|y DELIVERY_ATTEMPT #2 try 2 HTTP 200 at 2026-11-26T13:00:00Z",
            "b|R1-H1|y DELIVERED #2 try 2 ");
    assertThat(steps).allMatch(s -> s.event().at() == AT);
  }

  @Test
  void shouldKeepTheUndeliveredPageAsADeadLetterThatCanBeSentByHand() {
    Delivery failed =
        new Delivery(
            false, List.of(new Attempt(1, SENT, 400, "HTTP 400")), "HTTP 400, not retried");
    PageOutcome outcome = new PageOutcome(group(), "{\"hospital\":\"R1-H1\"}", failed);

    assertThat(outcome.auditSteps())
        .filteredOn(s -> s.event().kind() == AlertEvent.Kind.DELIVERY_FAILED)
        .extracting(AlertStep::detail)
        .containsExactly("HTTP 400, not retried", "HTTP 400, not retried");
    DeadLetterRecord letter = outcome.deadLetter("alerting");
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNDELIVERABLE);
    assertThat(letter.sourceTopic()).isEqualTo(PageOutcome.SOURCE);
    assertThat(letter.eventId()).isEqualTo("R1-H1|a|R1-H1|x#1,b|R1-H1|y#2");
    assertThat(letter.eventTime()).isEqualTo(AT);
    assertThat(new String(letter.rawValue(), StandardCharsets.UTF_8))
        .isEqualTo("{\"hospital\":\"R1-H1\"}");
    assertThat(letter.detail())
        .isEqualTo(
            "page to R1-H1 not delivered: HTTP 400, not retried; the raw value is the payload,"
                + " send it with the header Idempotency-Key: R1-H1|a|R1-H1|x#1,b|R1-H1|y#2");
  }
}
