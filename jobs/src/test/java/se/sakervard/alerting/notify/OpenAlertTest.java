package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertStep;

/** Which alerts the digest lists as open, step by step. */
class OpenAlertTest {
  private static final Place H1 = Place.hospital("R1", "R1-H1");

  private static AlertRule rule(String name) {
    return AlertRules.shipped(name);
  }

  private static AlertStep step(AlertRule rule, AlertEvent.Kind kind, long at, String by) {
    return new AlertStep(
        rule.name(), rule.urgency(), H1, new AlertEvent(at, "k", kind, 1, 0, 12, by));
  }

  @Test
  void shouldKeepAThresholdAlertOpenFromFiringUntilResolvedThroughItsAcknowledgement() {
    AlertRule r = rule("hospital-overcrowding");
    OpenAlert open = OpenAlert.after(null, step(r, AlertEvent.Kind.PENDING, 0, null), r);
    assertThat(open).isNull();
    open = OpenAlert.after(open, step(r, AlertEvent.Kind.FIRING, 100, null), r);
    assertThat(open.since()).isEqualTo(100);
    open = OpenAlert.after(open, step(r, AlertEvent.Kind.ESCALATED, 200, null), r);
    assertThat(open.latest().event().kind()).isEqualTo(AlertEvent.Kind.ESCALATED);
    open = OpenAlert.after(open, step(r, AlertEvent.Kind.ACKNOWLEDGED, 300, "chefläkare"), r);
    // Acknowledged, still open, still since it fired; the latest notification stays the one told.
    assertThat(open.acknowledgedBy()).isEqualTo("chefläkare");
    assertThat(open.acknowledgedAt()).isEqualTo(300);
    assertThat(open.since()).isEqualTo(100);
    assertThat(open.latest().event().kind()).isEqualTo(AlertEvent.Kind.ESCALATED);
    open = OpenAlert.after(open, step(r, AlertEvent.Kind.DELIVERED, 310, null), r);
    assertThat(open).isNotNull();
    assertThat(OpenAlert.after(open, step(r, AlertEvent.Kind.RESOLVED, 400, null), r)).isNull();
  }

  @Test
  void shouldNotListAnEventWarningAsOpenAndCloseACriticalEventOnceAcknowledged() {
    AlertRule cluster = rule("cluster-opened");
    assertThat(OpenAlert.after(null, step(cluster, AlertEvent.Kind.FIRING, 100, null), cluster))
        .isNull();
    AlertRule injury = rule("serious-care-injury");
    OpenAlert open = OpenAlert.after(null, step(injury, AlertEvent.Kind.FIRING, 100, null), injury);
    assertThat(open).isNotNull();
    assertThat(
            OpenAlert.after(
                open, step(injury, AlertEvent.Kind.ACKNOWLEDGED, 200, "chefläkare"), injury))
        .isNull();
  }
}
