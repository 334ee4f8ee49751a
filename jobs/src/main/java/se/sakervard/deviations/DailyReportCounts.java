package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.LocalCalendar;

/**
 * Reported cases per place, local day and classification. Keyed by {@link
 * ReportedDelta#countKey()}; emits the new count on every change, a zero too when a
 * reclassification moves the last case away. The count is kept as long as a case reported that day
 * can still change: the case retention plus the allowed lateness after the day ends.
 *
 * <p>The state is the count and its version only: place, day and classification are the key's, and
 * every delta brings them. (Versions before 2026-11-27 kept the whole row, the largest state but
 * one of a national year; a key restored with such a row moves to the small state when next
 * touched, and both are cleared when the day is forgotten.)
 */
public final class DailyReportCounts
    extends KeyedProcessFunction<String, ReportedDelta, DailyCount> {
  private static final int REPORTED = 0;
  private static final int VERSION = 1;

  private final LocalCalendar calendar;
  private final long keepAfterDayMs;
  private transient ValueState<long[]> count;
  private transient ValueState<DailyCount> countAsRow;

  public DailyReportCounts(
      LocalCalendar calendar, Duration caseRetention, Duration allowedLateness) {
    this.calendar = calendar;
    this.keepAfterDayMs = caseRetention.plus(allowedLateness).toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    count =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "reported-and-version", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    countAsRow =
        getRuntimeContext().getState(new ValueStateDescriptor<>("count", DailyCount.class));
  }

  @Override
  public void processElement(ReportedDelta d, Context ctx, Collector<DailyCount> out)
      throws Exception {
    long[] previous = count.value();
    if (previous == null) {
      DailyCount row = countAsRow.value();
      if (row != null) {
        previous = new long[] {row.reported(), row.version()};
        countAsRow.clear();
      } else {
        ctx.timerService().registerEventTimeTimer(calendar.dayEnd(d.day()) + keepAfterDayMs);
        previous = new long[2];
      }
    }
    long[] next = {previous[REPORTED] + d.delta(), previous[VERSION] + 1};
    count.update(next);
    out.collect(
        new DailyCount(
            d.level(),
            d.regionCode(),
            d.hospitalCode(),
            d.unitCode(),
            d.day(),
            d.category(),
            d.deviationType(),
            d.consequence(),
            next[REPORTED],
            next[VERSION]));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DailyCount> out) {
    if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
      // No case reported that day can change any more (a bounded input's end is no such time).
      count.clear();
      countAsRow.clear();
    }
  }
}
