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
 * {@link InfectionJob#censusTime}). A case counts once: of two records of one case reference
 * (another event id), the earlier stands ({@link InfectionInput#standsBefore}) and the other is
 * dead-lettered INVALID. Accepted cases also go to {@link #ACCEPTED_CASES} for cluster detection. A
 * corrected patient-day figure (higher version) replaces the one before. Days are kept until no
 * observation can still change them.
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

  /** The record that stands for each case reference counted, until its day is forgotten. */
  private transient MapState<String, InfectionInput> caseRecords;

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
    caseRecords =
        context.getMapState(
            new MapStateDescriptor<>(
                "case-records", Types.STRING, TypeInformation.of(InfectionInput.class)));
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
              o.invalid(
                  job,
                  "unit "
                      + o.unitCode()
                      + " is not in the reference data: the census reported no patient days for"
                      + " it within "
                      + Duration.ofMillis(unknownUnitTimeoutMs)
                      + " (infections.unknown-unit-timeout) of the observation"));
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
      List<String> forgotten = new ArrayList<>();
      for (var c : caseRecords.entries()) {
        if (calendar.day(c.getValue().countsAt()) <= day) {
          forgotten.add(c.getKey());
        }
      }
      for (String ref : forgotten) {
        caseRecords.remove(ref);
      }
    }
  }

  private void count(InfectionInput o, Context ctx, Collector<UnitDayChange> out) throws Exception {
    if (o.kind() == InfectionInput.Kind.CASE) {
      InfectionInput standing = caseRecords.get(o.ref());
      if (standing != null) {
        InfectionInput repeat = o.standsBefore(standing) ? standing : o;
        ctx.output(
            DeadLetters.TAG,
            repeat.invalid(job, alreadyReported(repeat, o == repeat ? standing : o)));
        if (repeat == o) {
          return;
        }
        move(standing, -1, ctx, out);
      }
      caseRecords.put(o.ref(), o);
      ctx.output(ACCEPTED_CASES, o);
    }
    move(o, 1, ctx, out);
  }

  private static String alreadyReported(InfectionInput repeat, InfectionInput stands) {
    return "case "
        + repeat.ref()
        + " is already reported (event "
        + stands.eventId()
        + "); a case counts once, its earliest record stands (a correction needs its own event)";
  }

  /** Counts ({@code sign} 1) or takes out (-1) an observation on its day. */
  private void move(InfectionInput o, int sign, Context ctx, Collector<UnitDayChange> out)
      throws Exception {
    int day = calendar.day(o.countsAt());
    DayTotals before = totalsOn(day);
    change(day, before, before.copy().add(o, sign), ctx, out);
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
