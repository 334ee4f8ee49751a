package se.sakervard.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

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
    taken = context.getState(new ValueStateDescriptor<>("taken", Types.LONG));
    placeOf = context.getState(new ValueStateDescriptor<>("place", Place.class));
  }

  @Override
  public void processElement(RuleInput in, Context ctx, Collector<AlertStep> out) throws Exception {
    Long last = taken.value();
    if (last != null && in.at() <= last) {
      return;
    }
    if (episode.value() == null) {
      AlertRule rule = rules.get(in.rule());
      AlertCondition condition =
          rule instanceof ThresholdRule t
              ? AlertCondition.of(t)
              : AlertCondition.of((LevelRule) rule);
      episode.update(new AlertEpisode(in.rule(), in.place().key(), condition, timing));
      placeOf.update(in.place());
    }
    waiting.put(in.at(), in.value());
    ctx.timerService().registerEventTimeTimer(in.at());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertStep> out)
      throws Exception {
    // At the end of a bounded input the watermark jumps to the end of time: time stops at the
    // newest value instead, so nothing fires or escalates for time that never passed.
    boolean ended = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    long now = timestamp;
    List<Long> due = new ArrayList<>();
    for (Long at : waiting.keys()) {
      due.add(at);
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
    AlertEpisode a = episode.value();
    List<AlertEvent> events = new ArrayList<>();
    for (long at : due) {
      events.addAll(a.observe(at, waiting.get(at)));
      waiting.remove(at);
      taken.update(at);
    }
    events.addAll(a.advance(now));
    AlertRule rule = rules.get(a.rule);
    Place place = placeOf.value();
    for (AlertEvent e : events) {
      out.collect(new AlertStep(rule.name(), rule.severity(), place, e));
    }
    episode.update(a);
    long next = a.nextDue();
    if (!ended && next != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }
}
