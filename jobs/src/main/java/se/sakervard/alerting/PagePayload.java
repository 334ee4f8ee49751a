package se.sakervard.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import se.sakervard.alerting.NotificationGroups.Group;
import se.sakervard.alerting.NotificationGroups.Outgoing;
import se.sakervard.alerting.NotificationGroups.UnitLevel;

/**
 * The JSON a page carries to the webhook: one message per hospital group, each alert explaining
 * itself (rule, place, value, threshold, window, why the rule exists) with the ClickHouse queries
 * that return its evidence and its audit trail. No patient data: places, figures and pseudonymous
 * case or cluster references only. The README documents the fields.
 */
public final class PagePayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PagePayload() {}

  /**
   * @param to who is paged: the roster's contact for the group's escalation level and time
   */
  public static String of(Group group, String to) {
    ObjectNode page = JSON.createObjectNode();
    page.put("idempotencyKey", group.idempotencyKey());
    page.put("to", to);
    page.put("hospital", group.hospitalCode());
    page.put("at", Instant.ofEpochMilli(group.at()).toString());
    page.put("escalation", group.escalation());
    page.put(
        "urgency",
        group.notifications().stream().anyMatch(n -> n.rule().urgency() == Urgency.ACT_NOW)
            ? Urgency.ACT_NOW.name()
            : Urgency.ACT_TODAY.name());
    page.put("summary", summary(group));
    ArrayNode alerts = page.putArray("alerts");
    for (Outgoing n : group.notifications()) {
      alerts.add(alert(n));
    }
    ArrayNode units = page.putArray("units");
    for (UnitLevel u : group.units()) {
      ObjectNode unit = units.addObject();
      unit.put("unit", u.unitCode());
      unit.put("level", u.level());
      u.reasons().forEach(unit.putArray("reasons")::add);
    }
    return page.toString();
  }

  private static ObjectNode alert(Outgoing n) {
    ObjectNode a = JSON.createObjectNode();
    AlertEvent e = n.event();
    a.put("rule", n.rule().name());
    a.put("urgency", n.rule().urgency().name());
    a.put("step", e.kind().name());
    a.put("sequence", e.sequence());
    a.put("dedupKey", e.dedupKey());
    a.put("idempotencyKey", e.idempotencyKey());
    a.put("at", Instant.ofEpochMilli(e.at()).toString());
    a.put("since", Instant.ofEpochMilli(n.since()).toString());
    ObjectNode place = a.putObject("place");
    place.put("level", n.place().level().name());
    place.put("region", n.place().regionCode());
    place.put("hospital", n.place().hospitalCode());
    place.put("unit", n.place().unitCode());
    a.put("explanation", explain(n));
    if (n.rule() instanceof ThresholdRule t) {
      a.put("indicator", t.indicator());
      a.put("period", t.period());
      a.put("value", e.value());
      a.put("threshold", t.fireAt());
      a.put("resolveThreshold", t.resolveAt());
      a.put("window", t.forDuration().toString());
    } else if (n.rule() instanceof LevelRule l) {
      a.put("value", e.value());
      a.put("threshold", l.atLeast());
      a.put("window", l.forDuration().toString());
    } else {
      a.put("event", ((EventRule) n.rule()).event().name());
      a.put("ref", n.ref());
    }
    a.put("rationale", n.rule().rationale());
    a.put("evidenceQuery", EvidenceQuery.of(n.rule(), n.place(), n.since(), n.ref()));
    a.put("auditQuery", EvidenceQuery.audit(e.dedupKey()));
    return a;
  }

  /** One line a person reads first: what, where, how far past the threshold, for how long. */
  static String explain(Outgoing n) {
    String where = n.place().level().name().toLowerCase(Locale.ROOT) + " " + n.place().key();
    if (n.rule() instanceof ThresholdRule t) {
      return String.format(
          Locale.ROOT,
          "%s: %s %s %s %s for %s",
          where,
          t.indicator(),
          number(n.event().value()),
          t.above() ? "≥" : "≤",
          number(t.fireAt()),
          words(t.forDuration()));
    }
    if (n.rule() instanceof LevelRule l) {
      return String.format(
          Locale.ROOT,
          "%s: here-and-now level %s (at least %d) for %s",
          where,
          number(n.event().value()),
          l.atLeast(),
          words(l.forDuration()));
    }
    EventRule e = (EventRule) n.rule();
    return where
        + ": "
        + e.event().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + " "
        + n.ref();
  }

  private static String summary(Group group) {
    return group.hospitalCode()
        + ": "
        + String.join(
            "; ",
            group.notifications().stream()
                .map(n -> n.rule().name() + " " + n.event().kind().name().toLowerCase(Locale.ROOT))
                .toList());
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String words(Duration d) {
    if (d.isZero()) {
      return "now";
    }
    return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }
}
