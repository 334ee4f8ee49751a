package se.sakervard.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import se.sakervard.alerting.PlaceNames;
import se.sakervard.alerting.level.HereAndNow;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.notify.NotificationGroups.UnitLevel;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.EventRule;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;
import se.sakervard.alerting.rules.Urgency;

/**
 * The JSON a page carries to the webhook: one message per hospital group, each alert explaining
 * itself (rule, place, value, threshold, window, why the rule exists) with the ClickHouse queries
 * that return its evidence and its audit trail, and a {@code text} a person reads at night: place
 * names beside the codes, local time, the hospital's level with its own reasons, one link to the
 * board. No patient data: places, figures and pseudonymous case or cluster references only.
 * docs/alerting.md documents the fields.
 */
public final class PagePayload {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

  private PagePayload() {}

  /** How a page reads: place names, the local time zone and the board's address (may be empty). */
  public record Reading(PlaceNames names, ZoneId zone, String boardUrl)
      implements java.io.Serializable {
    public static Reading codesOnly(ZoneId zone) {
      return new Reading(PlaceNames.none(), zone, "");
    }
  }

  /**
   * @param to who is paged: the roster's contact for the group's escalation level and time
   */
  public static String of(Group group, String to, Reading reading) {
    ObjectNode page = JSON.createObjectNode();
    page.put("idempotencyKey", group.idempotencyKey());
    page.put("to", to);
    page.put("hospital", group.hospitalCode());
    String hospitalName = reading.names().nameOf(group.hospitalCode());
    if (hospitalName != null) {
      page.put("hospitalName", hospitalName);
    }
    page.put("at", Instant.ofEpochMilli(group.at()).toString());
    page.put("localTime", localTime(group.at(), reading.zone()));
    String link = link(group, reading);
    if (link != null) {
      page.put("link", link);
    }
    if (group.hospitalLevel() > 0) {
      ObjectNode level = page.putObject("hospitalLevel");
      level.put("level", group.hospitalLevel());
      level.put("name", HereAndNow.nameOf(group.hospitalLevel()));
      group.hospitalReasons().forEach(level.putArray("reasons")::add);
    }
    page.put("escalation", group.escalation());
    page.put(
        "urgency",
        group.notifications().stream().anyMatch(n -> n.rule().urgency() == Urgency.ACT_NOW)
            ? Urgency.ACT_NOW.name()
            : Urgency.ACT_TODAY.name());
    page.put("summary", summary(group));
    page.put("text", text(group, reading, link));
    ArrayNode alerts = page.putArray("alerts");
    for (Outgoing n : group.notifications()) {
      alerts.add(alert(n));
    }
    ArrayNode units = page.putArray("units");
    for (UnitLevel u : group.units()) {
      ObjectNode unit = units.addObject();
      unit.put("unit", u.unitCode());
      String name = reading.names().nameOf(u.unitCode());
      if (name != null) {
        unit.put("name", name);
      }
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

  /**
   * The page as a person reads it on a phone at night, e.g.:
   *
   * <pre>
   * ACT NOW Södra sjukhuset (A1-H1), Mon 2 Mar 03:10 (Europe/Stockholm)
   * hospital-overcrowding firing: hospital A1-H1: census.overcrowding_per_100_beds 12.5 ≥ 10 for 2 h
   * Level 3 severely strained: overcrowding 12.0 ≥ 10 per 100 available beds (level 3)
   * Units: Avd 7 medicin (A1-H1-U7) level 4: overcrowding 30.0 ≥ 30 per 100 available beds (level 4)
   * https://board.region.example/#A1-H1
   * </pre>
   */
  static String text(Group group, Reading reading, String link) {
    StringBuilder t = new StringBuilder();
    t.append("ACT NOW ")
        .append(reading.names().label(group.hospitalCode()))
        .append(", ")
        .append(localTime(group.at(), reading.zone()));
    for (Outgoing n : group.notifications()) {
      t.append('\n')
          .append(n.rule().name())
          .append(' ')
          .append(n.event().kind().name().toLowerCase(Locale.ROOT))
          .append(": ")
          .append(explain(n, reading.names()));
    }
    if (group.hospitalLevel() > 0) {
      t.append("\nLevel ")
          .append(group.hospitalLevel())
          .append(' ')
          .append(HereAndNow.nameOf(group.hospitalLevel()))
          .append(group.hospitalReasons().isEmpty() ? "" : ": ")
          .append(String.join("; ", group.hospitalReasons()));
    }
    for (UnitLevel u : group.units()) {
      t.append("\nUnit ")
          .append(reading.names().label(u.unitCode()))
          .append(" level ")
          .append(u.level())
          .append(u.reasons().isEmpty() ? "" : ": ")
          .append(String.join("; ", u.reasons()));
    }
    if (link != null) {
      t.append('\n').append(link);
    }
    return t.toString();
  }

  /** "Mon 2 Mar 03:10 (Europe/Stockholm)". */
  static String localTime(long at, ZoneId zone) {
    return LOCAL.format(Instant.ofEpochMilli(at).atZone(zone)) + " (" + zone + ")";
  }

  /** The board at the hospital's tile, or null without a board address. */
  private static String link(Group group, Reading reading) {
    if (reading.boardUrl().isEmpty()) {
      return null;
    }
    String base = reading.boardUrl().endsWith("/") ? reading.boardUrl() : reading.boardUrl() + "/";
    return base + "#" + java.net.URLEncoder.encode(group.hospitalCode(), StandardCharsets.UTF_8);
  }

  /** One line a person reads first: what, where, how far past the threshold, for how long. */
  static String explain(Outgoing n) {
    return explain(n, PlaceNames.none());
  }

  /** The same, with the place's name beside its code where it has one. */
  static String explain(Outgoing n, PlaceNames names) {
    String code = n.place().key();
    String place =
        n.place().level() == se.sakervard.schemas.pipeline.Level.UNIT ? n.place().unitCode() : code;
    String named = names.nameOf(place);
    String where =
        n.place().level().name().toLowerCase(Locale.ROOT)
            + " "
            + code
            + (named == null ? "" : " " + named);
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
