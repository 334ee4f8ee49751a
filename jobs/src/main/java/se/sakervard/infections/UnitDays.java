package se.sakervard.infections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.time.LocalCalendar;

/**
 * Joins a unit's observations with its patient days from the census, in the stream: its totals per
 * local day (patient days, cases by onset day, hygiene observations, multi-resistant findings),
 * emitted before and after every change.
 *
 * <p>Keyed by region and unit. The census is the reference data for units: an observation of a unit
 * the census has not reported yet is held until it does, and dead-lettered INVALID if it has not
 * within {@code infections.unknown-unit-timeout} of event time (which the census input holds back:
 * {@link InfectionJob#censusTime}). Which record of a case counts is decided before, per case
 * ({@link CaseRevisions}): a case comes in counted in (sign 1) or, corrected or withdrawn, out
 * (-1); counted cases also go to {@link #ACCEPTED_CASES}, signed, for cluster detection. A
 * corrected patient-day figure (higher version) replaces the one before. Days are kept until no
 * observation can still change them.
 */
public final class UnitDays extends KeyedProcessFunction<String, UnitInput, UnitDayChange> {
  public static final OutputTag<UnitInput> ACCEPTED_CASES =
      new OutputTag<>("accepted-cases", TypeInformation.of(UnitInput.class));

  private final String job;
  private final LocalCalendar calendar;
  private final long unknownUnitTimeoutMs;
  private final long keepDayMs;
  private transient MapState<Integer, DayTotals> days;
  private transient MapState<Integer, Long> patientDaysVersions;
  private transient ValueState<PatientDays> census;
  private transient ListState<UnitInput> held;

  /**
   * @param keepDay how long after a day ends it can still change: the allowed lateness plus the
   *     longest time from onset to confirmation
   */
  public UnitDays(
      String job, LocalCalendar calendar, Duration unknownUnitTimeout, Duration keepDay) {
    this.job = job;
    this.calendar = calendar;
    this.unknownUnitTimeoutMs = unknownUnitTimeout.toMillis();
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
    census = context.getState(new ValueStateDescriptor<>("census", PatientDays.class));
    // Signed inputs since cases can be counted out: a new name, since the unsigned list of
    // earlier versions cannot be read as this one.
    held =
        context.getListState(
            new ListStateDescriptor<>("held-inputs", TypeInformation.of(UnitInput.class)));
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
      boolean firstCensus = census.value() == null;
      census.update(p);
      DayTotals before = totalsOn(p.day());
      DayTotals after =
          before
              .copy()
              .withPatientDays(
                  p.patientDays(), calendar.dayEnd(p.day() - 1), calendar.dayEnd(p.day()));
      change(p.day(), before, after, ctx, out);
      if (firstCensus) {
        for (UnitInput h : held.get()) {
          count(h, ctx, out);
        }
        held.clear();
      }
      return;
    }
    if (census.value() == null) {
      held.add(input);
      ctx.timerService()
          .registerEventTimeTimer(input.observation().eventTime() + unknownUnitTimeoutMs);
      return;
    }
    count(input, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDayChange> out)
      throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input: no time has passed
    }
    if (census.value() == null) {
      // A case counted in and out again (corrected to another unit) while held is no loss.
      Map<String, Integer> net = new HashMap<>();
      for (UnitInput h : held.get()) {
        net.merge(h.observation().eventId(), h.sign(), Integer::sum);
      }
      List<UnitInput> still = new ArrayList<>();
      for (UnitInput h : held.get()) {
        InfectionInput o = h.observation();
        if (net.get(o.eventId()) == 0) {
          if (o.eventTime() + unknownUnitTimeoutMs > timestamp) {
            still.add(h);
          }
        } else if (o.eventTime() + unknownUnitTimeoutMs <= timestamp) {
          ctx.output(
              DeadLetters.TAG,
              o.invalid(
                  job,
                  "unit "
                      + o.unitCode()
                      + " is not in the reference data: the census reported no patient days for"
                      + " it within "
                      + Duration.ofMillis(unknownUnitTimeoutMs)
                      + " (infections.unknown-unit-timeout) of the observation"));
        } else {
          still.add(h);
        }
      }
      held.update(still);
      return;
    }
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
    change(
        day,
        before,
        before.copy().add(o, sign, calendar.dayEnd(day - 1), calendar.dayEnd(day)),
        ctx,
        out);
  }

  private void change(
      int day, DayTotals before, DayTotals after, Context ctx, Collector<UnitDayChange> out)
      throws Exception {
    if (!days.contains(day)) {
      ctx.timerService().registerEventTimeTimer(calendar.dayEnd(day) + keepDayMs);
    }
    days.put(day, after);
    PatientDays unit = census.value();
    out.collect(
        new UnitDayChange(
            unit.regionCode(), unit.hospitalCode(), unit.unitCode(), day, before, after));
  }

  private DayTotals totalsOn(int day) throws Exception {
    DayTotals t = days.get(day);
    return t == null ? new DayTotals() : t.copy();
  }
}
