package se.sakervard.deviations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.LocalCalendar;

/**
 * The open deviation backlog of one place at the end of every local month, exact in event time and
 * corrected by late events.
 *
 * <p>Keyed by level and place ({@link MonthEndDelta#key()}); event time; local months of the
 * calendar. A month's end is written once the watermark has passed it, every month from the first
 * month end after the place's first report (a month end with nothing open is a row of zeros). What
 * a case counts at a month's end is {@link CaseTimeline#at}. An update that changes what a case
 * counts at a month end already written corrects that row, a version higher, as long as an event
 * can still be admitted that far back: a month end more than the allowed lateness behind the
 * watermark is no longer kept.
 *
 * <p>State: the timelines of the cases that may be open at a month end not yet written (the open
 * ones and those closed since the last month end written), and the counts of each month end written
 * within the allowed lateness. A correction takes the update's old timeline out of those counts and
 * puts the new one in, so it costs the month ends it changes, not a recount.
 */
public final class MonthEndBacklog
    extends KeyedProcessFunction<String, MonthEndDelta, MonthEndFigures> {
  private final LocalCalendar calendar;
  private final long allowedLatenessMs;
  private transient ValueState<MonthEndDelta> place;
  private transient MapState<String, CaseTimeline> pending;
  private transient MapState<Long, MonthEndTally> written;
  private transient ValueState<Long> lastWritten;
  private transient ValueState<Long> next;

  public MonthEndBacklog(LocalCalendar calendar, Duration allowedLateness) {
    this.calendar = calendar;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    place = getRuntimeContext().getState(new ValueStateDescriptor<>("place", MonthEndDelta.class));
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-cases", Types.STRING, TypeInformation.of(CaseTimeline.class)));
    written =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "written-month-ends", Types.LONG, TypeInformation.of(MonthEndTally.class)));
    lastWritten =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-written", Types.LONG));
    next = getRuntimeContext().getState(new ValueStateDescriptor<>("next", Types.LONG));
  }

  @Override
  public void processElement(MonthEndDelta delta, Context ctx, Collector<MonthEndFigures> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (place.value() == null) {
      place.update(
          new MonthEndDelta(
              delta.level(),
              delta.regionCode(),
              delta.hospitalCode(),
              delta.unitCode(),
              "",
              null,
              null));
    }
    Long last = lastWritten.value();
    if (last != null) {
      correct(delta, last, watermark, out);
    }
    if (delta.after().mayBeOpenAfter(last == null ? Long.MIN_VALUE : last)) {
      pending.put(delta.caseRef(), delta.after());
    } else {
      pending.remove(delta.caseRef());
    }
    if (last == null) {
      // Nothing written yet: the place's month ends start after its earliest report.
      long first = firstMonthEnd(delta.after());
      Long due = next.value();
      if (due == null || first < due) {
        next.update(first);
        ctx.timerService().registerEventTimeTimer(first);
      }
    }
    // A place's first case may come after event time passed its month's end.
    writeDue(watermark, ctx.timerService(), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MonthEndFigures> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (watermark == Long.MAX_VALUE) {
      // End of a bounded input: event time did not really pass the month's end.
      return;
    }
    writeDue(watermark, ctx.timerService(), out);
  }

  /** Corrects the month ends written where the case counts otherwise than it did. */
  private void correct(
      MonthEndDelta delta, long last, long watermark, Collector<MonthEndFigures> out)
      throws Exception {
    long first = firstMonthEnd(delta.after());
    if (watermark != Long.MIN_VALUE && watermark - allowedLatenessMs >= first) {
      // No admitted event changes a month end this far back (nor are its counts kept).
      first = calendar.monthEnd(calendar.monthStart(watermark - allowedLatenessMs));
    }
    for (long monthEnd = first; monthEnd <= last; monthEnd = calendar.monthEnd(monthEnd)) {
      CaseTimeline.InBacklog before = delta.before() == null ? null : delta.before().at(monthEnd);
      CaseTimeline.InBacklog after = delta.after().at(monthEnd);
      MonthEndTally t = written.get(monthEnd);
      if (t == null) {
        // Before the place's first month end written: a late report of an earlier case.
        t = new MonthEndTally();
        t.add(after, +1);
      } else if (Objects.equals(before, after)) {
        continue;
      } else {
        t.add(before, -1);
        t.add(after, +1);
      }
      t.version++;
      written.put(monthEnd, t);
      out.collect(figures(monthEnd, t));
    }
  }

  /** Writes every month end the watermark has passed, and sets the timer of the next one. */
  private void writeDue(long watermark, TimerService timers, Collector<MonthEndFigures> out)
      throws Exception {
    Long due = next.value();
    if (due == null || due > watermark) {
      return;
    }
    long monthEnd = due;
    for (; monthEnd <= watermark; monthEnd = calendar.monthEnd(monthEnd)) {
      MonthEndTally t = MonthEndTally.of(pending.values(), monthEnd);
      t.version = 1;
      written.put(monthEnd, t);
      out.collect(figures(monthEnd, t));
      lastWritten.update(monthEnd);
      List<String> closed = new ArrayList<>();
      for (Map.Entry<String, CaseTimeline> c : pending.entries()) {
        if (!c.getValue().mayBeOpenAfter(monthEnd)) {
          closed.add(c.getKey());
        }
      }
      for (String ref : closed) {
        pending.remove(ref);
      }
      List<Long> beyondLateness = new ArrayList<>();
      for (long kept : written.keys()) {
        if (kept <= monthEnd - allowedLatenessMs) {
          beyondLateness.add(kept);
        }
      }
      for (long old : beyondLateness) {
        written.remove(old);
      }
    }
    next.update(monthEnd);
    timers.registerEventTimeTimer(monthEnd);
  }

  private MonthEndFigures figures(long monthEnd, MonthEndTally t) throws Exception {
    return MonthEndFigures.of(place.value(), calendar.monthStart(monthEnd - 1), monthEnd, t);
  }

  /** The end of the month the case was reported in: the first month end it can be open at. */
  private long firstMonthEnd(CaseTimeline c) {
    return calendar.monthEnd(calendar.monthStart(c.reportedAt()));
  }
}
