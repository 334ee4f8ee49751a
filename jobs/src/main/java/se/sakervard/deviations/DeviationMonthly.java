package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.LocalCalendar;

/**
 * The monthly deviation figures of one place, corrected by every case update.
 *
 * <p>Keyed by {@link MonthlyDelta#key()} (level, place, local month); event time. Emits the month's
 * figures on every update, and once more, final, when the watermark passes the month's end + 90
 * days (the cohort's share closed within 90 days can no longer change by time alone). The tally is
 * kept as long as a case of the month can still change (the case retention plus the allowed
 * lateness after the month's end), then dropped.
 */
public final class DeviationMonthly
    extends KeyedProcessFunction<String, MonthlyDelta, MonthFigures> {
  static final Duration FINAL_AFTER = Duration.ofDays(90);

  private final LocalCalendar calendar;
  private final long keepAfterMonthMs;
  private transient ValueState<CohortTally> tally;
  private transient ValueState<MonthlyDelta> place;

  public DeviationMonthly(
      LocalCalendar calendar, Duration caseRetention, Duration allowedLateness) {
    this.calendar = calendar;
    this.keepAfterMonthMs = caseRetention.plus(allowedLateness).toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", CohortTally.class));
    place = getRuntimeContext().getState(new ValueStateDescriptor<>("place", MonthlyDelta.class));
  }

  @Override
  public void processElement(MonthlyDelta delta, Context ctx, Collector<MonthFigures> out)
      throws Exception {
    CohortTally t = tally.value();
    if (t == null) {
      t = new CohortTally();
      place.update(
          new MonthlyDelta(
              delta.level(),
              delta.regionCode(),
              delta.hospitalCode(),
              delta.unitCode(),
              delta.month(),
              null,
              null));
      ctx.timerService().registerEventTimeTimer(finalAt(delta.month()));
      ctx.timerService().registerEventTimeTimer(forgetAt(delta.month()));
    }
    if (delta.before() != null) {
      t.apply(delta.before(), -1, delta.month(), calendar);
    }
    t.apply(delta.after(), +1, delta.month(), calendar);
    t.version++;
    tally.update(t);
    boolean timePassed = ctx.timerService().currentWatermark() >= finalAt(delta.month());
    // As of the update's event time; a record without one (none in the job) is as of its month's
    // end.
    long asOf = ctx.timestamp() == null ? calendar.monthEnd(delta.month()) : ctx.timestamp();
    out.collect(MonthFigures.of(delta, t, timePassed || t.open == 0, asOf));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MonthFigures> out)
      throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of a bounded input: no time has passed, so nothing became final.
      return;
    }
    MonthlyDelta month = place.value();
    if (month != null && timestamp == forgetAt(month.month())) {
      tally.clear();
      place.clear();
      return;
    }
    CohortTally t = tally.value();
    if (t != null && t.open > 0) {
      // Only the flag changes; the version too, so the final row replaces the provisional one.
      t.version++;
      tally.update(t);
      out.collect(MonthFigures.of(month, t, true, timestamp));
    }
  }

  private long finalAt(long month) {
    return calendar.monthEnd(month) + FINAL_AFTER.toMillis();
  }

  private long forgetAt(long month) {
    return calendar.monthEnd(month) + keepAfterMonthMs;
  }
}
