package se.sakervard.alerting.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertRule;

/**
 * The digest of a region's alerts: a plain-text mail with the alerts to act on today (which never
 * page) since the last one, then every alert to act on still open, each with what it is, where,
 * when, and the query that shows its evidence. No patient data: places, figures and pseudonymous
 * case or cluster references only.
 */
public record DigestMail(String subject, String body) {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  /**
   * @param warnings the notifications to act on today since the last digest
   * @param open the alerts to act on still open (act now or act today)
   * @param rules the rules by name
   */
  public static DigestMail of(
      String regionCode,
      Instant at,
      List<Outgoing> warnings,
      List<OpenAlert> open,
      Map<String, AlertRule> rules,
      ZoneId zone) {
    String when = LOCAL.format(at.atZone(zone));
    StringBuilder body = new StringBuilder();
    body.append("Säker vård här och nu: alerts for region ")
        .append(regionCode)
        .append(" up to ")
        .append(when)
        .append(" (")
        .append(zone)
        .append(")\n\nTo act on today, since the last digest (")
        .append(warnings.size())
        .append(")\n");
    if (warnings.isEmpty()) {
      body.append("None.\n");
    }
    sorted(warnings)
        .forEach(
            o ->
                body.append("- ")
                    .append(LOCAL.format(Instant.ofEpochMilli(o.event().at()).atZone(zone)))
                    .append("  ")
                    .append(o.rule().name())
                    .append(" ")
                    .append(o.event().kind().name().toLowerCase(Locale.ROOT))
                    .append(": ")
                    .append(explained(o)));
    body.append("\nOpen alerts (").append(open.size()).append(")\n");
    if (open.isEmpty()) {
      body.append("None.\n");
    }
    open.stream()
        .sorted(Comparator.comparingLong(OpenAlert::since))
        .forEach(
            a -> {
              Outgoing o = a.outgoing(rules.get(a.latest().rule()));
              body.append("- since ")
                  .append(LOCAL.format(Instant.ofEpochMilli(o.since()).atZone(zone)))
                  .append("  ")
                  .append(o.rule().name())
                  .append(" (")
                  .append(a.latest().urgency().configName())
                  .append(", ")
                  .append(
                      a.acknowledgedBy() == null
                          ? "not acknowledged"
                          : "acknowledged by "
                              + a.acknowledgedBy()
                              + " "
                              + LOCAL.format(Instant.ofEpochMilli(a.acknowledgedAt()).atZone(zone)))
                  .append("): ")
                  .append(explained(o));
            });
    return new DigestMail(
        "Säker vård "
            + regionCode
            + ": "
            + warnings.size()
            + " to act on today, "
            + open.size()
            + " open alert(s) up to "
            + when,
        body.toString());
  }

  private static java.util.stream.Stream<Outgoing> sorted(List<Outgoing> alerts) {
    return alerts.stream().sorted(Comparator.comparingLong((Outgoing o) -> o.event().at()));
  }

  private static String explained(Outgoing o) {
    return PagePayload.explain(o)
        + "\n  why: "
        + o.rule().rationale()
        + "\n  evidence: "
        + EvidenceQuery.of(o.rule(), o.place(), o.since(), o.ref())
        + "\n";
  }
}
