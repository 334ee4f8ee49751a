package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.LocalCalendar;

/**
 * One place's reported cases per local day, rolling 12 months and the 12 months before ({@link
 * TwelveMonthTotals}). Keyed by {@link ReportedDelta#placeKey()}; takes new reports only.
 *
 * <p>Each local day is emitted once event time has passed its end (an event-time timer at the next
 * local midnight), also on days without reports, since cases leave the 12 months on their own; the
 * chain of days stops once the place has had no report for 24 months and restarts with its next
 * report. A report for a day already emitted re-emits the days whose totals it changes. Day totals
 * are kept for 24 months plus the allowed lateness.
 */
public final class RollingTwelveMonths
    extends KeyedProcessFunction<String, ReportedDelta, RollingReports> {
  private final LocalCalendar calendar;
  private final long allowedLatenessMs;
  private transient MapState<Integer, Long> dayTotals;
  private transient ValueState<ReportedDelta> place;
  private transient ValueState<RollingReports> newest;
  private transient ValueState<Long> rowsEmitted;
  private transient ValueState<Integer> nextDay;
  private transient ValueState<Integer> oldestKept;

  public RollingTwelveMonths(LocalCalendar calendar, Duration allowedLateness) {
    this.calendar = calendar;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    dayTotals = context.getMapState(new MapStateDescriptor<>("day-totals", Types.INT, Types.LONG));
    place = context.getState(new ValueStateDescriptor<>("place", ReportedDelta.class));
    newest = context.getState(new ValueStateDescriptor<>("newest", RollingReports.class));
    rowsEmitted = context.getState(new ValueStateDescriptor<>("rows-emitted", Types.LONG));
    nextDay = context.getState(new ValueStateDescriptor<>("next-day", Types.INT));
    oldestKept = context.getState(new ValueStateDescriptor<>("oldest-kept", Types.INT));
  }

  @Override
  public void processElement(ReportedDelta report, Context ctx, Collector<RollingReports> out)
      throws Exception {
    if (!report.newReport()) {
      return;
    }
    place.update(report);
    int day = report.day();
    dayTotals.put(day, totalOn(day) + report.delta());
    if (oldestKept.value() == null || day < oldestKept.value()) {
      oldestKept.update(day);
    }
    RollingReports last = newest.value();
    if (last != null && day <= last.totals().day()) {
      correctFrom(day, last.totals().day(), out);
      last = newest.value();
    }
    Integer next = nextDay.value();
    int firstUnemitted = last == null ? day : Math.max(last.totals().day() + 1, day);
    if (next == null || firstUnemitted < next) {
      // Start the chain, or start it earlier: reports reach a place out of order.
      nextDay.update(firstUnemitted);
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(firstUnemitted));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RollingReports> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    Integer from = nextDay.value();
    if (watermark == Long.MAX_VALUE || from == null || timestamp < calendar.dayEnd(from)) {
      // The end of a bounded input is no time passing; or a timer the chain has passed.
      return;
    }
    int through = calendar.day(watermark) - 1;
    RollingReports last = newest.value();
    TwelveMonthTotals t =
        last != null && last.totals().day() == from - 1
            ? last.totals().next(this::totalOn)
            : TwelveMonthTotals.of(from, this::totalOn);
    emit(t, true, out);
    while (t.day() < through && !t.empty()) {
      t = t.next(this::totalOn);
      emit(t, true, out);
    }
    if (t.empty()) {
      nextDay.clear();
    } else {
      nextDay.update(t.day() + 1);
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(t.day() + 1));
    }
    forgetDaysBefore(TwelveMonthTotals.firstDayOf(24, calendar.day(watermark - allowedLatenessMs)));
  }

  /** Re-emits the days from {@code day} to {@code through} whose 24 months hold {@code day}. */
  private void correctFrom(int day, int through, Collector<RollingReports> out) throws Exception {
    TwelveMonthTotals t = TwelveMonthTotals.of(day, this::totalOn);
    emit(t, t.day() == through, out);
    while (t.day() < through && TwelveMonthTotals.firstDayOf(24, t.day() + 1) <= day) {
      t = t.next(this::totalOn);
      emit(t, t.day() == through, out);
    }
  }

  private void emit(TwelveMonthTotals t, boolean isNewest, Collector<RollingReports> out)
      throws Exception {
    ReportedDelta p = place.value();
    long version = (rowsEmitted.value() == null ? 0 : rowsEmitted.value()) + 1;
    rowsEmitted.update(version);
    RollingReports row =
        new RollingReports(p.level(), p.regionCode(), p.hospitalCode(), p.unitCode(), t, version);
    if (isNewest) {
      newest.update(row);
    }
    out.collect(row);
  }

  private long totalOn(int day) throws Exception {
    Long total = dayTotals.get(day);
    return total == null ? 0 : total;
  }

  private void forgetDaysBefore(int horizon) throws Exception {
    Integer oldest = oldestKept.value();
    if (oldest == null || oldest >= horizon) {
      return;
    }
    for (int d = oldest; d < horizon; d++) {
      dayTotals.remove(d);
    }
    oldestKept.update(horizon);
  }
}
