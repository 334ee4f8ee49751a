package se.sakervard.core.time;

import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One place's figures for every ended local day, over a window of days before it (a day's 12 months
 * of deviation reports, its 30 days of infections): the chain of days that deviations and
 * infections share. Keyed by place; event time. What a day's figures are is the {@link Series}'s.
 *
 * <ul>
 *   <li>Each input adds to its local day's total.
 *   <li>A day's figures are emitted once event time has passed its end (an event-time timer at the
 *       next local midnight), on days without input too, since inputs leave the window on their
 *       own. The chain stops after a day whose window is empty ({@link Series#quiet}) and starts
 *       again with the place's next input.
 *   <li>An input for a day already emitted re-emits the days whose figures it changes ({@link
 *       Series#changes}), each as a new version of the place's rows.
 *   <li>Day totals older than {@link Series#firstKept} are forgotten.
 *   <li>The end of a bounded input (a watermark at the end of time) is no time passing: no day ends
 *       because of it.
 * </ul>
 *
 * @param <D> an input: a change to one day of one place
 * @param <T> a day's total
 * @param <F> a day's figures
 */
public final class DayChain<D, T, F> extends KeyedProcessFunction<String, D, F> {

  /** What a family's days are: their totals, their figures and how far a change reaches. */
  public interface Series<D, T, F> extends Serializable {
    /** The local day (days since 1970-01-01) the input changes. */
    int day(D input);

    /** The day's total with the input added; {@code total} is null for a day without one. */
    T plus(T total, D input);

    /**
     * A day's figures.
     *
     * @param place the place's newest input: its place codes
     * @param dayBefore the figures of the day before, or null: a window can slide from them
     * @param version the place's rows so far, this one included
     */
    F figures(D place, int day, F dayBefore, Totals<T> totals, long version) throws Exception;

    /** The day the figures are of. */
    int dayOf(F figures);

    /** Nothing left in the figures' window: the chain may stop after them. */
    boolean quiet(F figures);

    /** Whether an input on {@code day} changes the figures of the later day {@code later}. */
    boolean changes(int day, int later);

    /** The oldest day whose total can still be read once event time is at {@code watermark}. */
    int firstKept(long watermark);

    TypeInformation<D> inputType();

    TypeInformation<T> totalType();

    TypeInformation<F> figuresType();
  }

  /** The place's day totals, read in place. */
  @FunctionalInterface
  public interface Totals<T> {
    /** The day's total, or null for a day without input. */
    T on(int day) throws Exception;
  }

  private final LocalCalendar calendar;
  private final Series<D, T, F> series;
  private transient MapState<Integer, T> dayTotals;
  private transient ValueState<D> place;
  private transient ValueState<F> newest;
  private transient ValueState<Long> rowsEmitted;
  private transient ValueState<Integer> nextDay;
  private transient ValueState<Integer> oldestKept;

  public DayChain(LocalCalendar calendar, Series<D, T, F> series) {
    this.calendar = calendar;
    this.series = series;
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    dayTotals =
        context.getMapState(new MapStateDescriptor<>("day-totals", Types.INT, series.totalType()));
    place = context.getState(new ValueStateDescriptor<>("place", series.inputType()));
    newest = context.getState(new ValueStateDescriptor<>("newest", series.figuresType()));
    rowsEmitted = context.getState(new ValueStateDescriptor<>("rows-emitted", Types.LONG));
    nextDay = context.getState(new ValueStateDescriptor<>("next-day", Types.INT));
    oldestKept = context.getState(new ValueStateDescriptor<>("oldest-kept", Types.INT));
  }

  @Override
  public void processElement(D input, Context ctx, Collector<F> out) throws Exception {
    place.update(input);
    int day = series.day(input);
    dayTotals.put(day, series.plus(dayTotals.get(day), input));
    if (oldestKept.value() == null || day < oldestKept.value()) {
      oldestKept.update(day);
    }
    F last = newest.value();
    if (last != null && day <= series.dayOf(last)) {
      correctFrom(day, series.dayOf(last), out);
    }
    Integer next = nextDay.value();
    int firstUnemitted = last == null ? day : Math.max(series.dayOf(last) + 1, day);
    if (next == null || firstUnemitted < next) {
      // Start the chain, or start it earlier: inputs reach a place out of order.
      nextDay.update(firstUnemitted);
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(firstUnemitted));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<F> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    Integer from = nextDay.value();
    if (watermark == Long.MAX_VALUE || from == null || timestamp < calendar.dayEnd(from)) {
      // The end of a bounded input (no time passed), or a timer the chain has passed.
      return;
    }
    int through = calendar.day(watermark) - 1;
    F last = newest.value();
    F f = emit(from, last != null && series.dayOf(last) == from - 1 ? last : null, true, out);
    while (series.dayOf(f) < through && !series.quiet(f)) {
      f = emit(series.dayOf(f) + 1, f, true, out);
    }
    if (series.quiet(f)) {
      nextDay.clear();
    } else {
      nextDay.update(series.dayOf(f) + 1);
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(series.dayOf(f) + 1));
    }
    forgetDaysBefore(series.firstKept(watermark));
  }

  /** Re-emits the days from {@code day} to {@code through} whose figures {@code day} is in. */
  private void correctFrom(int day, int through, Collector<F> out) throws Exception {
    F f = emit(day, null, day == through, out);
    for (int later = day + 1; later <= through && series.changes(day, later); later++) {
      f = emit(later, f, later == through, out);
    }
  }

  private F emit(int day, F dayBefore, boolean isNewest, Collector<F> out) throws Exception {
    long version = (rowsEmitted.value() == null ? 0 : rowsEmitted.value()) + 1;
    rowsEmitted.update(version);
    F f = series.figures(place.value(), day, dayBefore, dayTotals::get, version);
    if (isNewest) {
      newest.update(f);
    }
    out.collect(f);
    return f;
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
