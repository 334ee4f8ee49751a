package se.sakervard.infections;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.time.LocalCalendar;

/**
 * Decides which record of each infection case counts ({@link CaseRecords}) and passes the change on
 * to the units' days and cluster detection: the record no longer counted out (sign -1), the one
 * counted now in (+1). A correction can move a case to another day, unit or pathogen; a withdrawal
 * takes it out of every figure and cluster. Keyed by {@link #key}.
 *
 * <p>A case is kept until its newest onset day is past correction ({@code keepDay} after the day's
 * end). A repeat of a revision is dead-lettered INVALID and the earlier record stands; a withdrawal
 * whose case never came is dead-lettered INVALID when it is forgotten.
 */
public final class CaseRevisions extends KeyedProcessFunction<String, InfectionInput, UnitInput> {
  private final String job;
  private final LocalCalendar calendar;
  private final long keepDayMs;
  private transient ValueState<CaseRecords> records;
  private transient ValueState<Long> forgetAt;

  public CaseRevisions(String job, LocalCalendar calendar, Duration keepDay) {
    this.job = job;
    this.calendar = calendar;
    this.keepDayMs = keepDay.toMillis();
  }

  public static String key(InfectionInput c) {
    return c.regionCode() + "|" + c.ref();
  }

  @Override
  public void open(OpenContext openContext) {
    records = getRuntimeContext().getState(new ValueStateDescriptor<>("case", CaseRecords.class));
    forgetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forget-at", Long.class));
  }

  @Override
  public void processElement(InfectionInput r, Context ctx, Collector<UnitInput> out)
      throws Exception {
    CaseRecords c = records.value();
    if (c == null) {
      c = new CaseRecords();
    }
    CaseRecords.Change change = c.take(r);
    if (change.out() != null) {
      out.collect(new UnitInput(change.out(), null, -1, r.eventTime()));
    }
    if (change.in() != null) {
      out.collect(new UnitInput(change.in(), null, 1, r.eventTime()));
    }
    if (change.repeat() != null) {
      ctx.output(
          DeadLetters.TAG,
          change
              .repeat()
              .invalid(
                  job,
                  "case "
                      + r.ref()
                      + " already has a record of revision "
                      + r.revision()
                      + "; the earliest record of a revision stands, a correction needs a higher"
                      + " revision"));
    }
    records.update(c);
    long forget =
        c.records.isEmpty()
            ? r.eventTime() + keepDayMs
            : calendar.dayEnd(calendar.day(c.newestOnset())) + keepDayMs;
    Long registered = forgetAt.value();
    if (registered == null || forget > registered) {
      if (registered != null) {
        ctx.timerService().deleteEventTimeTimer(registered);
      }
      forgetAt.update(forget);
      ctx.timerService().registerEventTimeTimer(forget);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitInput> out)
      throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input: no time has passed
    }
    CaseRecords c = records.value();
    if (c != null && c.records.isEmpty() && c.withdrawal != null) {
      ctx.output(
          DeadLetters.TAG,
          c.withdrawal.invalid(
              job,
              "no case "
                  + c.withdrawal.ref()
                  + " to withdraw: it was never reported, or its onset day is past correction"
                  + " (infections.allowed-lateness + infections.max-onset-lag)"));
    }
    records.clear();
    forgetAt.clear();
  }
}
