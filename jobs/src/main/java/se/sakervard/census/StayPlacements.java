package se.sakervard.census;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a stay's admissions, transfers and discharges into per-unit census changes.
 *
 * <p>Keyed by stay reference; event time. Events of a stay may arrive in any order within the
 * allowed lateness: {@link StayTimeline} emits the corrections that keep every unit's counts exact.
 * Once the watermark is past an event by the allowed lateness, the stay forgets all but where it
 * is; a discharged stay is then forgotten whole, and a stay without events for the stay retention
 * is dropped. A retraction takes an event back as if it had never come, whichever arrives first.
 */
public final class StayPlacements extends KeyedProcessFunction<String, CensusInput, UnitChange> {
  private final long allowedLatenessMs;
  private final long retentionMs;
  private transient ValueState<StayTimeline> timeline;
  private transient ValueState<Long> lastEventTime;

  public StayPlacements(Duration allowedLateness, Duration stayRetention) {
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.retentionMs = stayRetention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    timeline = getRuntimeContext().getState(new ValueStateDescriptor<>("stay", StayTimeline.class));
    lastEventTime =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-event-time", Long.class));
  }

  @Override
  public void processElement(CensusInput event, Context ctx, Collector<UnitChange> out)
      throws Exception {
    StayTimeline stay = timeline.value();
    if (stay == null) {
      stay = new StayTimeline();
    }
    List<UnitChange> changes =
        event.kind() == CensusInput.Kind.RETRACTION
            ? stay.retract(event.retractedEventId())
            : stay.place(event.stayKey(), event.placementAfter());
    changes.forEach(out::collect);
    timeline.update(stay);
    Long last = lastEventTime.value();
    if (last == null || event.eventTime() > last) {
      // One retention timer per stay, at its newest event: a timer stays registered when the
      // state is cleared, and one per event would pile up for the whole retention (a national
      // year: millions, in every checkpoint).
      if (last != null) {
        ctx.timerService().deleteEventTimeTimer(last + retentionMs);
      }
      lastEventTime.update(event.eventTime());
      ctx.timerService().registerEventTimeTimer(event.eventTime() + retentionMs);
    }
    ctx.timerService().registerEventTimeTimer(event.eventTime() + allowedLatenessMs + 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitChange> out)
      throws Exception {
    StayTimeline stay = timeline.value();
    if (stay == null) {
      return;
    }
    boolean ended = stay.forgetBefore(timestamp - allowedLatenessMs);
    long retentionEnd = lastEventTime.value() + retentionMs;
    if (ended || timestamp >= retentionEnd) {
      ctx.timerService().deleteEventTimeTimer(retentionEnd);
      timeline.clear();
      lastEventTime.clear();
    } else {
      timeline.update(stay);
    }
  }
}
