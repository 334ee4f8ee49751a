package se.sakervard.alerting.notify;

import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.EventRule;
import se.sakervard.alerting.rules.Urgency;

/**
 * An alert that has fired and is not over, as the digest lists it: its latest notification, since
 * when it fires, and who acknowledged it (null while nobody has).
 */
public record OpenAlert(AlertStep latest, long since, String acknowledgedBy, long acknowledgedAt) {

  /**
   * The open alert after {@code step}, or null when the step ends it (or it never was one): a
   * threshold or level alert is open from FIRING until RESOLVED; an event alert, over once told
   * (act today, know) or acknowledged (act now), is open while an act-now one waits for its
   * acknowledgement.
   */
  public static OpenAlert after(OpenAlert open, AlertStep step, AlertRule rule) {
    AlertEvent e = step.event();
    boolean event = rule instanceof EventRule;
    switch (e.kind()) {
      case FIRING:
        return event && step.urgency() != Urgency.ACT_NOW
            ? null
            : new OpenAlert(step, e.at(), null, 0);
      case REMINDER:
      case ESCALATED:
        return open == null
            ? null
            : new OpenAlert(step, open.since, open.acknowledgedBy, open.acknowledgedAt);
      case ACKNOWLEDGED:
        return open == null || event
            ? null
            : new OpenAlert(open.latest, open.since, e.by(), e.at());
      case RESOLVED:
        return null;
      default:
        return open;
    }
  }

  /** As the digest explains it. */
  public Outgoing outgoing(AlertRule rule) {
    return new Outgoing(rule, latest.place(), latest.event(), since, latest.ref());
  }
}
