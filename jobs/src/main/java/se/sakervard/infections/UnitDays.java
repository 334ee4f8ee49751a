package se.sakervard.infections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Joins a unit's observations with its patient days from the census, in the stream: its totals per
 * local day (patient days, cases by onset day, hygiene observations, multi-resistant findings),
 * emitted before and after every change.
 *
 * <p>Keyed by region and unit. The census is the reference data for units: an observation of a unit
 * the census has not reported yet is held until it does, and dead-lettered INVALID if it has not
 * within {@code infections.unknown-unit-timeout} of event time. Accepted cases also go to {@link
 * #ACCEPTED_CASES} for cluster detection. A corrected patient-day figure (higher version) replaces
 * the one before. Days are kept until no observation can still change them.
 */
public final class UnitDays extends KeyedProcessFunction<String, UnitInput, UnitDayChange> {
  public static final OutputTag<InfectionInput> ACCEPTED_CASES =
      new OutputTag<>("accepted-cases", TypeInformation.of(InfectionInput.class));

  private final String job;
  private final LocalCalendar calendar;
  private final long unknownUnitTimeoutMs;
  private final long keepDayMs;
  private transient MapState<Integer, DayTotals> days;
  private transient MapState<Integer, Long> patientDaysVersions;
  private transient ValueState<PatientDays> census;
  private transient ListState<InfectionInput> held;

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
    held =
        context.getListState(
            new ListStateDescriptor<>("held", TypeInformation.of(InfectionInput.class)));
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
      DayTotals after = before.copy();
      after.patientDays = p.patientDays();
      change(p.day(), before, after, ctx, out);
      if (firstCensus) {
        for (InfectionInput o : held.get()) {
          count(o, ctx, out);
        }
        held.clear();
      }
      return;
    }
    InfectionInput o = input.observation();
    if (census.value() == null) {
      held.add(o);
      ctx.timerService().registerEventTimeTimer(o.eventTime() + unknownUnitTimeoutMs);
      return;
    }
    count(o, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDayChange> out)
      throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input: no time has passed
    }
    if (census.value() == null) {
      List<InfectionInput> still = new ArrayList<>();
      for (InfectionInput o : held.get()) {
        if (o.eventTime() + unknownUnitTimeoutMs <= timestamp) {
          ctx.output(
              DeadLetters.TAG,
              new DeadLetterRecord(
                  job,
                  o.origin().topic(),
                  o.origin().partition(),
                  o.origin().offset(),
                  DeadLetterReason.INVALID,
                  "unit "
                      + o.unitCode()
                      + " is not in the reference data: the census reported no patient days for"
                      + " it within "
                      + Duration.ofMillis(unknownUnitTimeoutMs)
                      + " (infections.unknown-unit-timeout) of the observation",
                  o.eventId(),
                  o.eventTime(),
                  o.origin().value()));
        } else {
          still.add(o);
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

  private void count(InfectionInput o, Context ctx, Collector<UnitDayChange> out) throws Exception {
    int day = calendar.day(o.countsAt());
    DayTotals before = totalsOn(day);
    change(day, before, before.copy().add(o), ctx, out);
    if (o.kind() == InfectionInput.Kind.CASE) {
      ctx.output(ACCEPTED_CASES, o);
    }
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
