package se.sakervard.alerting.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;

/**
 * Groups notifications by hospital: those of one hospital due within {@code groupWaitMs} of the
 * group's first go out together as one message (as Alertmanager's group_wait), so that a hospital
 * tipping over on several indicators at once pages once, not five times.
 */
public final class NotificationGroups {
  private NotificationGroups() {}

  /**
   * A notification due, with the place it is about.
   *
   * @param since when the condition behind it began (epoch ms): its evidence starts there
   * @param ref for an event rule, the case reference or cluster id that fired it; else null
   */
  public record Outgoing(AlertRule rule, Place place, AlertEvent event, long since, String ref) {}

  /**
   * A unit of the hospital at level 2 or above when a page goes out: the units behind the
   * hospital's alerts, with the reasons of their levels.
   */
  public record UnitLevel(String unitCode, int level, List<String> reasons) {}

  /**
   * One message to one hospital's on-call contact.
   *
   * @param at when it goes out: the event time of its first notification plus the group wait
   * @param units the hospital's units at level 2 or above at {@code at}, worst first
   * @param hospitalLevel the hospital's level at {@code at} (0 when not known)
   * @param hospitalReasons the reasons of that level
   */
  public record Group(
      String hospitalCode,
      long at,
      List<Outgoing> notifications,
      List<UnitLevel> units,
      int hospitalLevel,
      List<String> hospitalReasons) {

    public Group(String hospitalCode, long at, List<Outgoing> notifications) {
      this(hospitalCode, at, notifications, List.of(), 0, List.of());
    }

    /** The same group, with the units behind it. */
    public Group withUnits(List<UnitLevel> units) {
      return new Group(hospitalCode, at, notifications, units, hospitalLevel, hospitalReasons);
    }

    /** The same group, with the hospital's level (null: not known) and the units behind it. */
    public Group withLevels(LevelRow hospital, List<UnitLevel> units) {
      return hospital == null
          ? withUnits(units)
          : new Group(
              hospitalCode,
              at,
              notifications,
              units,
              hospital.level(),
              List.copyOf(hospital.reasons()));
    }

    /** The same notifications always make the same key, whatever order they were given in. */
    public String idempotencyKey() {
      return hospitalCode
          + "|"
          + String.join(
              ",", notifications.stream().map(n -> n.event().idempotencyKey()).sorted().toList());
    }

    /** The most urgent escalation level among its notifications. */
    public int escalation() {
      return notifications.stream().mapToInt(n -> n.event().escalation()).max().orElse(0);
    }
  }

  /**
   * Groups in order of time, then hospital; notifications in a group in order of time, then key.
   */
  public static List<Group> group(List<Outgoing> due, long groupWaitMs) {
    List<Outgoing> sorted = new ArrayList<>(due);
    sorted.sort(
        Comparator.comparingLong((Outgoing o) -> o.event().at())
            .thenComparing(o -> o.event().idempotencyKey()));
    Map<String, List<List<Outgoing>>> byHospital = new LinkedHashMap<>();
    for (Outgoing o : sorted) {
      List<List<Outgoing>> groups =
          byHospital.computeIfAbsent(o.place().hospitalCode(), h -> new ArrayList<>());
      List<Outgoing> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      if (last == null || o.event().at() >= last.get(0).event().at() + groupWaitMs) {
        last = new ArrayList<>();
        groups.add(last);
      }
      last.add(o);
    }
    List<Group> result = new ArrayList<>();
    byHospital.forEach(
        (hospital, groups) ->
            groups.forEach(
                g ->
                    result.add(
                        new Group(hospital, g.get(0).event().at() + groupWaitMs, List.copyOf(g)))));
    result.sort(Comparator.comparingLong(Group::at).thenComparing(Group::hospitalCode));
    return result;
  }
}
