package se.sakervard.alerting.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.notify.Inhibition.ActiveAlert;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.notify.NotificationGroups.UnitLevel;
import se.sakervard.alerting.rules.AlertEpisode;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;
import se.sakervard.alerting.rules.Urgency;
import se.sakervard.schemas.pipeline.Level;

/**
 * The pages of one hospital (keyed by hospital code): every step of its alerts passes through, so
 * it knows when each fired ({@link FiringSpan}). An act-now notification waits the group wait in
 * event time; then, every step up to its time having arrived, it is held back if an alert that
 * holds it back ({@link Inhibition}) was firing at its time, else it goes out with whatever else
 * the hospital fired meanwhile ({@link NotificationGroups}). Alerts to act on today or to know
 * never page. At the end of a bounded input what waits goes out.
 *
 * <p>The hospital's and its units' levels come in too, so that each page says the hospital's level
 * with its own reasons ({@link #hospitalAt}) and names the units behind it: those at level 2 or
 * above at the page's event time, with their reasons ({@link #unitsAt}).
 */
public final class HospitalNotifications
    extends KeyedCoProcessFunction<String, AlertStep, LevelRow, Group> {
  private final java.util.Map<String, AlertRule> rules;
  private final long groupWaitMs;
  private transient MapState<String, String> status;
  private transient ListState<AlertStep> waiting;

  /**
   * Unit code (empty for the hospital's own) | as-of → the level from then on; older ones pruned
   * once superseded.
   */
  private transient MapState<String, LevelRow> unitLevels;

  public HospitalNotifications(java.util.Map<String, AlertRule> rules, long groupWaitMs) {
    this.rules = rules;
    this.groupWaitMs = groupWaitMs;
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    status = context.getMapState(new MapStateDescriptor<>("status", Types.STRING, Types.STRING));
    waiting =
        context.getListState(
            new ListStateDescriptor<>("waiting", TypeInformation.of(AlertStep.class)));
    unitLevels =
        context.getMapState(
            new MapStateDescriptor<>(
                "unit-levels", Types.STRING, TypeInformation.of(LevelRow.class)));
  }

  @Override
  public void processElement2(LevelRow row, Context ctx, Collector<Group> out) throws Exception {
    if (row.place().level() == Level.REGION) {
      return;
    }
    String unit = row.place().unitCode();
    unitLevels.put(unit + "|" + String.format("%019d", row.asOf()), row);
    // Pages still to go out are due after the watermark (a late step's aside): of this unit's
    // rows at or before it, only the newest can still be the unit's level at a page's time.
    long watermark = ctx.timerService().currentWatermark();
    List<String> superseded = new ArrayList<>();
    long newestPast = Long.MIN_VALUE;
    for (var e : unitLevels.entries()) {
      LevelRow r = e.getValue();
      if (r.place().unitCode().equals(unit) && r.asOf() <= watermark) {
        newestPast = Math.max(newestPast, r.asOf());
      }
    }
    for (var e : unitLevels.entries()) {
      LevelRow r = e.getValue();
      if (r.place().unitCode().equals(unit) && r.asOf() < newestPast) {
        superseded.add(e.getKey());
      }
    }
    for (String key : superseded) {
      unitLevels.remove(key);
    }
  }

  /**
   * The units at level 2 or above at {@code at}: each unit's newest row at or before it, worst
   * level first, then by unit code.
   */
  static List<UnitLevel> unitsAt(Iterable<LevelRow> rows, long at) {
    Map<String, LevelRow> newest = new HashMap<>();
    for (LevelRow r : rows) {
      if (r.place().level() == Level.UNIT && r.asOf() <= at) {
        newest.merge(r.place().unitCode(), r, (a, b) -> a.asOf() >= b.asOf() ? a : b);
      }
    }
    return newest.values().stream()
        .filter(r -> r.level() >= 2)
        .sorted(
            Comparator.comparingInt(LevelRow::level)
                .reversed()
                .thenComparing(r -> r.place().unitCode()))
        .map(r -> new UnitLevel(r.place().unitCode(), r.level(), List.copyOf(r.reasons())))
        .toList();
  }

  /** The hospital's own newest level row at or before {@code at}, or null. */
  static LevelRow hospitalAt(Iterable<LevelRow> rows, long at) {
    LevelRow newest = null;
    for (LevelRow r : rows) {
      if (r.place().level() == Level.HOSPITAL
          && r.asOf() <= at
          && (newest == null || r.asOf() > newest.asOf())) {
        newest = r;
      }
    }
    return newest;
  }

  @Override
  public void processElement1(AlertStep step, Context ctx, Collector<Group> out) throws Exception {
    String alert = step.rule() + "|" + step.place().level() + "|" + step.place().key();
    FiringSpan before = FiringSpan.parse(status.get(alert));
    FiringSpan after = before.after(step.event().kind(), step.event().at());
    if (!after.equals(before)) {
      status.put(
          alert,
          after.since()
              + "|"
              + after.until()
              + "|"
              + step.place().regionCode()
              + "|"
              + step.place().unitCode());
    }
    if (!step.event().asksForAction() || step.urgency() != Urgency.ACT_NOW) {
      return;
    }
    // Whether another alert holds it back is decided when the group wait has passed in event time:
    // by then every step up to its time has arrived, whichever alert's came first.
    boolean first = !waiting.get().iterator().hasNext();
    waiting.add(step);
    if (first) {
      ctx.timerService().registerEventTimeTimer(step.event().at() + groupWaitMs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Group> out) throws Exception {
    List<Outgoing> all = new ArrayList<>();
    boolean ended = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    for (AlertStep step : waiting.get()) {
      boolean due = ended || step.event().at() <= timestamp;
      if (!due
          || !Inhibition.inhibited(
              new ActiveAlert(rules.get(step.rule()), step.place(), AlertEpisode.Status.FIRING),
              active(step))) {
        all.add(outgoing(step));
      }
    }
    List<AlertStep> later = new ArrayList<>();
    for (Group g : NotificationGroups.group(all, groupWaitMs)) {
      if (ended || g.at() <= timestamp) {
        out.collect(
            g.withLevels(
                hospitalAt(unitLevels.values(), g.at()), unitsAt(unitLevels.values(), g.at())));
      } else {
        g.notifications()
            .forEach(
                o ->
                    later.add(
                        new AlertStep(
                            o.rule().name(),
                            o.rule().urgency(),
                            o.place(),
                            o.event(),
                            0,
                            "",
                            o.ref())));
      }
    }
    waiting.update(later);
    if (!later.isEmpty() && !ended) {
      long next = later.stream().mapToLong(o -> o.event().at()).min().getAsLong() + groupWaitMs;
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  /**
   * A step as a notification; its evidence starts a window before it (when the condition began).
   */
  private Outgoing outgoing(AlertStep step) {
    AlertRule rule = rules.get(step.rule());
    long window =
        rule instanceof ThresholdRule t
            ? t.forDuration().toMillis()
            : rule instanceof LevelRule l ? l.forDuration().toMillis() : 0;
    return new Outgoing(rule, step.place(), step.event(), step.event().at() - window, step.ref());
  }

  /**
   * When an alert of the hospital fired, from its firing (or, if that step has not come, its first
   * escalation, reminder or acknowledgement) until its resolution. The steps of different alerts
   * arrive in any order; kept as a span of event time, an alert holds a page back only if it was
   * firing at the page's own time, whatever came first.
   */
  record FiringSpan(long since, long until) {
    static final FiringSpan NEVER = new FiringSpan(Long.MAX_VALUE, Long.MAX_VALUE);

    /** The span a state value holds ("since|until|region|unit"), or never. */
    static FiringSpan parse(String value) {
      if (value == null) {
        return NEVER;
      }
      String[] v = value.split("\\|", -1);
      try {
        return new FiringSpan(Long.parseLong(v[0]), Long.parseLong(v[1]));
      } catch (NumberFormatException e) {
        return NEVER; // written by an older version: "STATUS|region|unit"
      }
    }

    /**
     * The span after a step at {@code at}: a firing, escalation, reminder or acknowledgement after
     * the span's resolution starts the next episode's span, one before it widens the span back to
     * it; a resolution ends the span it falls in.
     */
    FiringSpan after(AlertEvent.Kind kind, long at) {
      return switch (kind) {
        case FIRING, ESCALATED, REMINDER, ACKNOWLEDGED -> {
          if (since == Long.MAX_VALUE || (until != Long.MAX_VALUE && at >= until)) {
            yield new FiringSpan(at, Long.MAX_VALUE);
          }
          yield new FiringSpan(Math.min(since, at), until);
        }
        case RESOLVED ->
            since != Long.MAX_VALUE && at >= since
                ? new FiringSpan(since, Math.min(until, at))
                : this;
        default -> this;
      };
    }

    boolean firingAt(long t) {
      return since <= t && t < until;
    }
  }

  /** The hospital's alerts as they stood at the step's event time, for inhibition. */
  private List<ActiveAlert> active(AlertStep step) throws Exception {
    List<ActiveAlert> alerts = new ArrayList<>();
    for (var e : status.entries()) {
      String[] key = e.getKey().split("\\|", 3);
      String[] value = e.getValue().split("\\|", -1);
      if (value.length < 4) {
        continue; // written by an older version
      }
      Level level = Level.valueOf(key[1]);
      alerts.add(
          new ActiveAlert(
              rules.get(key[0]),
              new Place(level, value[2], step.place().hospitalCode(), value[3]),
              FiringSpan.parse(e.getValue()).firingAt(step.event().at())
                  ? AlertEpisode.Status.FIRING
                  : AlertEpisode.Status.RESOLVED));
    }
    return alerts;
  }
}
