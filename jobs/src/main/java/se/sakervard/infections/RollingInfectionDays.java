package se.sakervard.infections;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.LocalCalendar;

/**
 * One place's infection figures per ended local day: the day, the 30 days (720 elapsed hours)
 * ending with it, the month so far. Keyed by {@link PlaceDelta#placeKey()}.
 *
 * <p>A day is emitted once event time has passed its end (an event-time timer at the next local
 * midnight), on days without observations too, since cases and patient days leave the 30 days on
 * their own; the chain stops when the place has had nothing for 30 days and restarts with its next
 * delta. A delta for a day already emitted re-emits the days it changes (its 30 days and the rest
 * of its month).
 */
public final class RollingInfectionDays
    extends KeyedProcessFunction<String, PlaceDelta, PlaceDayFigures> {
  private final LocalCalendar calendar;
  private final long keepDayMs;
  private transient MapState<Integer, DayTotals> days;
  private transient ValueState<PlaceDelta> place;
  private transient ValueState<Integer> newestEmitted;
  private transient ValueState<Integer> nextDay;
  private transient ValueState<Long> rowsEmitted;
  private transient ValueState<Integer> oldestKept;

  /**
   * @param keepDay how long after a day ends a delta can still come for it
   */
  public RollingInfectionDays(LocalCalendar calendar, Duration keepDay) {
    this.calendar = calendar;
    this.keepDayMs = keepDay.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    days =
        context.getMapState(
            new MapStateDescriptor<>("days", Types.INT, TypeInformation.of(DayTotals.class)));
    place = context.getState(new ValueStateDescriptor<>("place", PlaceDelta.class));
    newestEmitted = context.getState(new ValueStateDescriptor<>("newest-emitted", Types.INT));
    nextDay = context.getState(new ValueStateDescriptor<>("next-day", Types.INT));
    rowsEmitted = context.getState(new ValueStateDescriptor<>("rows-emitted", Types.LONG));
    oldestKept = context.getState(new ValueStateDescriptor<>("oldest-kept", Types.INT));
  }

  @Override
  public void processElement(PlaceDelta d, Context ctx, Collector<PlaceDayFigures> out)
      throws Exception {
    place.update(d);
    int day = d.day();
    days.put(day, totalsOn(day).add(d.delta(), 1));
    if (oldestKept.value() == null || day < oldestKept.value()) {
      oldestKept.update(day);
    }
    Integer newest = newestEmitted.value();
    if (newest != null && day <= newest) {
      int through = Math.min(newest, Math.max(day + ThirtyDayIncidence.DAYS - 1, lastOfMonth(day)));
      for (int e = day; e <= through; e++) {
        emit(e, out);
      }
    }
    Integer next = nextDay.value();
    int firstUnemitted = newest == null ? day : Math.max(newest + 1, day);
    if (next == null || firstUnemitted < next) {
      nextDay.update(firstUnemitted);
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(firstUnemitted));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PlaceDayFigures> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    Integer from = nextDay.value();
    if (watermark == Long.MAX_VALUE || from == null || timestamp < calendar.dayEnd(from)) {
      return; // the end of a bounded input (no time passed), or a timer the chain has passed
    }
    int through = calendar.day(watermark) - 1;
    PlaceDayFigures last = null;
    for (int day = from; day <= through; day++) {
      last = emit(day, out);
      if (last.last30Days().isEmpty() && last.monthToDate().isEmpty()) {
        break;
      }
    }
    if (last.last30Days().isEmpty() && last.monthToDate().isEmpty()) {
      nextDay.clear();
    } else {
      nextDay.update(last.day() + 1);
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(last.day() + 1));
    }
    forgetDaysBefore(calendar.day(watermark - keepDayMs) - 31);
  }

  private PlaceDayFigures emit(int day, Collector<PlaceDayFigures> out) throws Exception {
    DayTotals last30 = lastThirtyDays(day);
    DayTotals month = sumOfDays(firstOfMonth(day), day);
    long version = (rowsEmitted.value() == null ? 0 : rowsEmitted.value()) + 1;
    rowsEmitted.update(version);
    if (newestEmitted.value() == null || day > newestEmitted.value()) {
      newestEmitted.update(day);
    }
    PlaceDelta p = place.value();
    PlaceDayFigures figures =
        new PlaceDayFigures(
            p.level(),
            p.regionCode(),
            p.hospitalCode(),
            p.unitCode(),
            day,
            sumOfDays(day, day),
            last30,
            month,
            version);
    out.collect(figures);
    return figures;
  }

  /**
   * The 720 elapsed hours ending with the day: its 30 local days, with the hour before them when a
   * 23-hour day is among them, without their first hour when a 25-hour day is.
   */
  private DayTotals lastThirtyDays(int day) throws Exception {
    int first = day - ThirtyDayIncidence.DAYS + 1;
    DayTotals sum = sumOfDays(first, day);
    long start = ThirtyDayIncidence.windowStart(day, calendar);
    long daysStart = calendar.dayEnd(first - 1);
    if (start < daysStart) {
      DayTotals before = days.get(first - 1);
      if (before != null && before.lastHour != null) {
        sum.add(before.lastHour, 1);
      }
    } else if (start > daysStart) {
      DayTotals firstDay = days.get(first);
      if (firstDay != null && firstDay.firstHour != null) {
        sum.add(firstDay.firstHour, -1);
      }
    }
    return sum;
  }

  /** The days' totals summed, reading the state's values without copying them. */
  private DayTotals sumOfDays(int first, int last) throws Exception {
    DayTotals sum = new DayTotals();
    for (int d = first; d <= last; d++) {
      DayTotals t = days.get(d);
      if (t != null) {
        sum.add(t, 1);
      }
    }
    sum.firstHour = null;
    sum.lastHour = null;
    return sum;
  }

  private DayTotals totalsOn(int day) throws Exception {
    DayTotals t = days.get(day);
    return t == null ? new DayTotals() : t.copy();
  }

  private void forgetDaysBefore(int horizon) throws Exception {
    Integer oldest = oldestKept.value();
    if (oldest == null || oldest >= horizon) {
      return;
    }
    for (int d = oldest; d < horizon; d++) {
      days.remove(d);
    }
    oldestKept.update(horizon);
  }

  private static int firstOfMonth(int day) {
    return (int) LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay();
  }

  private static int lastOfMonth(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return (int) d.withDayOfMonth(d.lengthOfMonth()).toEpochDay();
  }
}
