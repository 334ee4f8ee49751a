package se.sakervard.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.input.AlertActionInput;

/**
 * Runs one rule's alert on one place ({@link AlertEpisode}), keyed by {@link RuleInput#key()}.
 * Values wait until the watermark passes them and are then taken in event-time order, so the
 * episode, its deduplication keys and its sequence numbers do not depend on arrival order; a value
 * older than one already taken is dropped. Between values, an event-time timer at the episode's
 * {@link AlertEpisode#nextDue()} fires it after {@code for}, escalates and reminds.
 */
public final class AlertEvaluation extends KeyedProcessFunction<String, RuleInput, AlertStep> {
  private final Map<String, AlertRule> rules;
  private final AlertTiming timing;
  private transient ValueState<AlertEpisode> episode;
  private transient MapState<Long, Double> waiting;
  private transient MapState<Long, AlertActionInput> actions;
  private transient ValueState<Long> taken;
  private transient ValueState<Place> placeOf;

  public AlertEvaluation(Map<String, AlertRule> rules, AlertTiming timing) {
    this.rules = rules;
    this.timing = timing;
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    episode = context.getState(new ValueStateDescriptor<>("episode", AlertEpisode.class));
    waiting = context.getMapState(new MapStateDescriptor<>("waiting", Types.LONG, Types.DOUBLE));
    actions =
        context.getMapState(
            new MapStateDescriptor<>(
                "actions", Types.LONG, TypeInformation.of(AlertActionInput.class)));
    taken = context.getState(new ValueStateDescriptor<>("taken", Types.LONG));
    placeOf = context.getState(new ValueStateDescriptor<>("place", Place.class));
  }

  @Override
  public void processElement(RuleInput in, Context ctx, Collector<AlertStep> out) throws Exception {
    AlertRule rule = rules.get(in.rule());
    if (episode.value() == null) {
      if (rule instanceof EventRule && in.action() != null && taken.value() != null) {
        return; // an action on an event alert already over
      }
      // An action on an event not seen yet waits for it: the actions topic may be read ahead of
      // the topic the event comes on (a job catching up reads its topics at different speeds).
      String place = in.place().key() + (in.ref() == null ? "" : "|" + in.ref());
      episode.update(new AlertEpisode(in.rule(), place, rule.urgency(), condition(rule), timing));
      placeOf.update(in.place());
    }
    if (in.urgency() != null && in.urgency() != episode.value().urgency) {
      AlertEpisode a = episode.value();
      a.urgency(in.urgency(), in.why());
      episode.update(a);
    }
    if (in.action() != null) {
      // An action waits for event time like a value, whichever arrived first.
      actions.put(in.at(), in.action());
    } else {
      Long last = taken.value();
      if (last != null && in.at() <= last) {
        return;
      }
      waiting.put(in.at(), in.value());
    }
    ctx.timerService().registerEventTimeTimer(in.at());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertStep> out)
      throws Exception {
    AlertEpisode a = episode.value();
    if (a == null) {
      // An event alert already over (with what it waited for): a timer it set before still fires.
      return;
    }
    // At the end of a bounded input the watermark jumps to the end of time: time stops at the
    // newest value instead, so nothing fires or escalates for time that never passed.
    boolean ended = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    long now = timestamp;
    List<Long> due = new ArrayList<>();
    for (Long at : waiting.keys()) {
      due.add(at);
    }
    for (Long at : actions.keys()) {
      if (!due.contains(at)) {
        due.add(at);
      }
    }
    if (ended) {
      if (due.isEmpty()) {
        return;
      }
      now = due.stream().mapToLong(Long::longValue).max().getAsLong();
    }
    final long until = now;
    due.removeIf(at -> at > until);
    due.sort(null);
    AlertRule rule = rules.get(a.rule);
    Place place = placeOf.value();
    List<AlertStep> steps = new ArrayList<>();
    for (long at : due) {
      Double value = waiting.get(at);
      if (value != null) {
        add(steps, rule, a, place, a.observe(at, value), "");
        waiting.remove(at);
        taken.update(at);
      }
      AlertActionInput action = actions.get(at);
      if (action != null) {
        add(
            steps,
            rule,
            a,
            place,
            action.acknowledge()
                ? a.acknowledge(at, action.by())
                : a.silence(at, action.until(), action.by()),
            action.detail());
        actions.remove(at);
      }
    }
    add(steps, rule, a, place, a.advance(now), "");
    steps.forEach(out::collect);
    if (rule instanceof EventRule && over(rule, a)) {
      // An event alert is over once told (a warning) or acknowledged (a critical one).
      // What was taken stays, so a repeat of the same event does not fire again.
      episode.clear();
      placeOf.clear();
      waiting.clear();
      actions.clear();
      return;
    }
    if (rule instanceof EventRule
        && (a.status == AlertEpisode.Status.INACTIVE || a.status == AlertEpisode.Status.RESOLVED)
        && waiting.isEmpty()
        && actions.isEmpty()) {
      // An action whose event never came by its time, or an event alert resolved because its
      // event was taken back: nothing to keep (what was taken stays).
      episode.clear();
      placeOf.clear();
      return;
    }
    episode.update(a);
    long next = a.nextDue();
    if (!ended && next != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  /**
   * A threshold or level rule's condition; an event rule's fires at once on its event (value 1) and
   * never clears by itself, only when its event is taken back (value 0: a dissolved cluster).
   */
  private static AlertCondition condition(AlertRule rule) {
    if (rule instanceof ThresholdRule t) {
      return AlertCondition.of(t);
    }
    if (rule instanceof LevelRule l) {
      return AlertCondition.of(l);
    }
    return new AlertCondition(true, 1, 0, 0, 0);
  }

  private static boolean over(AlertRule rule, AlertEpisode a) {
    // An act-now event alert is over once acknowledged; one to act on today or to know, once told.
    return a.status == AlertEpisode.Status.ACKNOWLEDGED
        || (a.status == AlertEpisode.Status.FIRING && a.urgency != Urgency.ACT_NOW);
  }

  /**
   * The episode's events as steps, with the episode's urgency; an action's steps carry its detail,
   * a firing step why its urgency is not the rule's (if it is not).
   */
  private static void add(
      List<AlertStep> steps,
      AlertRule rule,
      AlertEpisode a,
      Place place,
      List<AlertEvent> events,
      String detail) {
    for (AlertEvent e : events) {
      boolean byAction =
          e.kind() == AlertEvent.Kind.ACKNOWLEDGED || e.kind() == AlertEvent.Kind.SILENCE;
      steps.add(
          new AlertStep(
              rule.name(),
              a.urgency,
              place,
              e,
              0,
              byAction ? detail : e.kind() == AlertEvent.Kind.FIRING ? a.urgencyReason : "",
              rule instanceof EventRule ? refOf(e.dedupKey()) : null));
    }
  }

  /** An event alert's reference: its dedup key is rule|unit|ref|instant. */
  private static String refOf(String dedupKey) {
    String[] parts = dedupKey.split("\\|");
    return parts.length == 4 ? parts[2] : null;
  }
}
