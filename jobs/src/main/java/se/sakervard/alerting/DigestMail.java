package se.sakervard.alerting;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import se.sakervard.alerting.NotificationGroups.Outgoing;

/**
 * The digest of a region's warnings (which never page) since the last one: a plain-text mail, one
 * line per alert with what it is, where, when, and the query that shows its evidence. No patient
 * data: places, figures and pseudonymous case or cluster references only.
 */
public record DigestMail(String subject, String body) {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  public static DigestMail of(String regionCode, Instant at, List<Outgoing> warnings, ZoneId zone) {
    String when = LOCAL.format(at.atZone(zone));
    StringBuilder body = new StringBuilder();
    body.append("Säker vård här och nu: warnings for region ")
        .append(regionCode)
        .append(" up to ")
        .append(when)
        .append(" (")
        .append(zone)
        .append(")\n\n");
    if (warnings.isEmpty()) {
      body.append("No warnings since the last digest.\n");
    }
    warnings.stream()
        .sorted(Comparator.comparingLong((Outgoing o) -> o.event().at()))
        .forEach(
            o ->
                body.append("- ")
                    .append(LOCAL.format(Instant.ofEpochMilli(o.event().at()).atZone(zone)))
                    .append("  ")
                    .append(o.rule().name())
                    .append(" ")
                    .append(o.event().kind().name().toLowerCase(Locale.ROOT))
                    .append(": ")
                    .append(PagePayload.explain(o))
                    .append("\n  why: ")
                    .append(o.rule().rationale())
                    .append("\n  evidence: ")
                    .append(EvidenceQuery.of(o.rule(), o.place(), o.since(), o.ref()))
                    .append("\n"));
    return new DigestMail(
        "Säker vård " + regionCode + ": " + warnings.size() + " warning(s) up to " + when,
        body.toString());
  }
}
