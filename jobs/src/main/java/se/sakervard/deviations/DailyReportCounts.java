package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.LocalCalendar;

/**
 * Reported cases per place, local day and classification. Keyed by {@link
 * ReportedDelta#countKey()}; emits the new count on every change, a zero too when a
 * reclassification moves the last case away. The count is kept as long as a case reported that day
 * can still change: the case retention plus the allowed lateness after the day ends.
 */
public final class DailyReportCounts
    extends KeyedProcessFunction<String, ReportedDelta, DailyCount> {
  private final LocalCalendar calendar;
  private final long keepAfterDayMs;
  private transient ValueState<DailyCount> count;

  public DailyReportCounts(
      LocalCalendar calendar, Duration caseRetention, Duration allowedLateness) {
    this.calendar = calendar;
    this.keepAfterDayMs = caseRetention.plus(allowedLateness).toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", DailyCount.class));
  }

  @Override
  public void processElement(ReportedDelta d, Context ctx, Collector<DailyCount> out)
      throws Exception {
    DailyCount previous = count.value();
    if (previous == null) {
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(d.day()) + keepAfterDayMs);
    }
    DailyCount next =
        new DailyCount(
            d.level(),
            d.regionCode(),
            d.hospitalCode(),
            d.unitCode(),
            d.day(),
            d.category(),
            d.deviationType(),
            d.consequence(),
            (previous == null ? 0 : previous.reported()) + d.delta(),
            previous == null ? 1 : previous.version() + 1);
    count.update(next);
    out.collect(next);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DailyCount> out) {
    if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
      // No case reported that day can change any more (a bounded input's end is no such time).
      count.clear();
    }
  }
}
