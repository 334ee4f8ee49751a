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
 * figures on every update, as of the newest event time folded in; again when the watermark passes
 * an event-analysis deadline with the analysis not started (an event-time timer at the deadline + 1
 * ms: the case is overdue from then on, with no event to say so); and once more, final, when the
 * watermark passes the month's end + 90 days (the cohort's share closed within 90 days can no
 * longer change by time alone). The tally is kept as long as a case of the month can still change
 * (the case retention plus the allowed lateness after the month's end), then dropped.
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
      t.analysesSplit = true;
      place.update(
          new MonthlyDelta(
              delta.level(),
              delta.regionCode(),
              delta.hospitalCode(),
              delta.unitCode(),
              delta.month(),
              null,
              null,
              delta.at()));
      ctx.timerService().registerEventTimeTimer(finalAt(delta.month()));
      ctx.timerService().registerEventTimeTimer(forgetAt(delta.month()));
    }
    if (delta.before() != null) {
      t.apply(delta.before(), -1, delta.month(), calendar);
    }
    if (delta.after() != null) {
      t.apply(delta.after(), +1, delta.month(), calendar);
    }
    t.version++;
    // As of the instant the case's facts are at (its newest event, also when a report releases
    // events held for it), or a later one of an earlier update: the tally holds them all.
    t.asOf = Math.max(t.asOf, delta.at());
    tally.update(t);
    CaseFacts c = delta.after();
    if (c != null
        && c.needsEventAnalysis()
        && c.eventAnalysisStartedAt() == null
        && calendar.monthStart(c.reportedAt()) == delta.month()
        && c.eventAnalysisDeadline() >= t.asOf) {
      ctx.timerService().registerEventTimeTimer(c.eventAnalysisDeadline() + 1);
    }
    boolean timePassed = ctx.timerService().currentWatermark() >= finalAt(delta.month());
    out.collect(MonthFigures.of(delta, t, timePassed || t.settled(), t.asOf));
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
    if (t == null) {
      return;
    }
    if (timestamp == finalAt(month.month())) {
      if (!t.settled()) {
        // Only the flag changes; the version too, so the final row replaces the provisional one.
        t.version++;
        t.asOf = Math.max(t.asOf, timestamp);
        tally.update(t);
        out.collect(MonthFigures.of(month, t, true, t.asOf));
      }
      return;
    }
    // An analysis deadline passed: the cases not started by it are overdue from now on. Nothing to
    // write if they started meanwhile, or the figures are already as of a later instant.
    if (t.analysesSplit
        && timestamp > t.asOf
        && t.eventAnalysisDeadlines.countIn(t.asOf, timestamp) > 0) {
      t.version++;
      t.asOf = timestamp;
      tally.update(t);
      boolean timePassed = timestamp >= finalAt(month.month());
      out.collect(MonthFigures.of(month, t, timePassed || t.settled(), t.asOf));
    }
  }

  private long finalAt(long month) {
    return calendar.monthEnd(month) + FINAL_AFTER.toMillis();
  }

  private long forgetAt(long month) {
    return calendar.monthEnd(month) + keepAfterMonthMs;
  }
}
