package se.sakervard.infections;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.sakervard.core.time.LocalCalendar;

/**
 * Joins a unit's observations with its patient days from the census, in the stream: its totals per
 * local day (patient days, cases by onset day, hygiene observations, multi-resistant findings),
 * emitted before and after every change.
 *
 * <p>Keyed by region and unit. Whether a unit exists is the unit reference data's business, decided
 * before ({@link se.sakervard.core.reference.KnownUnits}): an observation is counted whether or not
 * the census has reported the unit's patient days yet, and its rates wait for them (they are null
 * while a place has no patient days). Which record of a case counts is decided before, per case
 * ({@link CaseRevisions}): a case comes in counted in (sign 1) or, corrected or withdrawn, out
 * (-1); counted cases also go to {@link #ACCEPTED_CASES}, signed, for cluster detection. A
 * corrected patient-day figure (higher version) replaces the one before. Days are kept until no
 * observation can still change them.
 */
public final class UnitDays extends KeyedProcessFunction<String, UnitInput, UnitDayChange> {
  public static final OutputTag<UnitInput> ACCEPTED_CASES =
      new OutputTag<>("accepted-cases", TypeInformation.of(UnitInput.class));

  private final LocalCalendar calendar;
  private final long keepDayMs;
  private transient MapState<Integer, DayTotals> days;
  private transient MapState<Integer, Long> patientDaysVersions;

  /**
   * @param keepDay how long after a day ends it can still change: the allowed lateness plus the
   *     longest time from onset to confirmation
   */
  public UnitDays(LocalCalendar calendar, Duration keepDay) {
    this.calendar = calendar;
    this.keepDayMs = keepDay.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    days =
        context.getMapState(
            new MapStateDescriptor<>("days", Types.INT, TypeInformation.of(DayTotals.class)));
    patientDaysVersions =
        context.getMapState(
            new MapStateDescriptor<>("patient-days-versions", Types.INT, Types.LONG));
  }

  @Override
  public void processElement(UnitInput input, Context ctx, Collector<UnitDayChange> out)
      throws Exception {
    if (input.patientDays() != null) {
      PatientDays p = input.patientDays();
      Long version = patientDaysVersions.get(p.day());
      if (version != null && version >= p.version()) {
        return;
      }
      patientDaysVersions.put(p.day(), p.version());
      DayTotals before = totalsOn(p.day());
      DayTotals after =
          before
              .copy()
              .withPatientDays(
                  p.patientDays(), calendar.dayEnd(p.day() - 1), calendar.dayEnd(p.day()));
      change(
          new UnitDayChange(p.regionCode(), p.hospitalCode(), p.unitCode(), p.day(), before, after),
          ctx,
          out);
      return;
    }
    count(input, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDayChange> out)
      throws Exception {
    int day = calendar.day(timestamp - keepDayMs - 1);
    if (timestamp == calendar.dayEnd(day) + keepDayMs) {
      // A day's cleanup timer: nothing can change the day any more.
      days.remove(day);
      patientDaysVersions.remove(day);
    }
  }

  private void count(UnitInput input, Context ctx, Collector<UnitDayChange> out) throws Exception {
    if (input.observation().kind() == InfectionInput.Kind.CASE) {
      ctx.output(ACCEPTED_CASES, input);
    }
    move(input.observation(), input.sign(), ctx, out);
  }

  /** Counts ({@code sign} 1) or takes out (-1) an observation on its day. */
  private void move(InfectionInput o, int sign, Context ctx, Collector<UnitDayChange> out)
      throws Exception {
    int day = calendar.day(o.countsAt());
    DayTotals before = totalsOn(day);
    DayTotals after = before.copy().add(o, sign, calendar.dayEnd(day - 1), calendar.dayEnd(day));
    change(
        new UnitDayChange(o.regionCode(), o.hospitalCode(), o.unitCode(), day, before, after),
        ctx,
        out);
  }

  private void change(UnitDayChange change, Context ctx, Collector<UnitDayChange> out)
      throws Exception {
    if (!days.contains(change.day())) {
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(change.day()) + keepDayMs);
    }
    days.put(change.day(), change.after());
    out.collect(change);
  }

  private DayTotals totalsOn(int day) throws Exception {
    DayTotals t = days.get(day);
    return t == null ? new DayTotals() : t.copy();
  }
}
