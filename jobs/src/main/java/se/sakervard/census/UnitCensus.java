package se.sakervard.census;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.sakervard.core.reference.UnitDirectory;
import se.sakervard.core.reference.UnitPeriods;
import se.sakervard.core.reference.UnitRecord;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;

/**
 * One unit's census figures: the current counts on every change, the settled counts of each instant
 * it changed at once event time has passed it, and per closed period the hourly means, the local
 * day with its patient days and the daily snapshot. (The rolling 24 h means are ClickHouse's, from
 * the hourly rows: {@code v_census_rolling_24h}.)
 *
 * <p>Keyed by unit code; event time. Periods close when the watermark passes their end (a timer
 * chain from boundary to boundary, so a quiet unit still gets its hours). A change behind the
 * watermark (admitted within the allowed lateness) re-emits every closed period it touches with a
 * higher version. At the end of a bounded input the chain stops after the period holding the unit's
 * newest event.
 *
 * <p>The current counts are what the events read so far say, at once, for the dashboard: a unit's
 * events come on several partitions, and read as a backlog one partition can be hours ahead of
 * another, so the counts at an instant can miss events of that instant still on their way. The
 * settled counts ({@link PeriodKind#SETTLED_CURRENT}, what alerting judges) wait for the watermark
 * and so hold every event up to their instant; a change behind the watermark sends the newest
 * settled instant's counts again, corrected.
 *
 * <p>A unit's figures start with its first event of any kind (docs/indicators.md, "Bed census"):
 * occupancy and patient days count whatever the beds, and the rates stay null until the first
 * available-bed report. Each period is filed under the unit's hospital, region, care type and
 * technical flag as the unit reference data ({@link UnitDirectory}) gives them at the period's
 * start, so a unit that moves to another hospital takes its later periods along, and a closed
 * unit's periods stop at its close.
 *
 * <p>Only the hours that say something new go to the main output (docs/sql.md, "The hourly census
 * series"): an hour closed in order whose place and figures equal the hour before goes to {@link
 * #UNCHANGED_HOURS} instead, which the rollups take and the sink does not, and the views fill it in
 * from the hour before. Where the unit's series under one place ends (it closed or moved to another
 * hospital) a {@link PeriodKind#HOURS_END} row says so. A re-emitted (corrected) hour always goes
 * to the main output, so a correction never leaves a stale hour behind.
 */
public final class UnitCensus
    extends KeyedBroadcastProcessFunction<String, UnitChange, UnitRecord, CensusFigures> {
  /** Everything the operator keeps per unit. Public fields for Flink's state serializer. */
  public static final class State {
    public String regionCode;
    public String hospitalCode;
    public CareType careType;
    public boolean technicalUnit;
    // Event time of the unit's earliest event: it has figures from then on.
    public long firstEventTime = Long.MAX_VALUE;
    public UnitTimeline timeline = new UnitTimeline();
    public long newestEventTime = Long.MIN_VALUE;
    public long lastClosedBoundary = Long.MIN_VALUE;
    public long nextBoundary = Long.MIN_VALUE;
    // The newest closed hour as last computed: the one an hour closing next is compared with.
    public Hour lastHour;
    // The newest instant whose settled counts went out (PeriodKind.SETTLED_CURRENT).
    public long settledUpTo = Long.MIN_VALUE;
  }

  /** One closed hour of the unit: where it was filed and its means. Public for Flink. */
  public static final class Hour {
    public long start;
    // Null when the unit had no place that hour (closed, or not yet open).
    public String region;
    public String hospital;
    public CareType careType;
    public boolean technicalUnit;
    public double occupied;
    public double outlying;
    public Double available;
    public Double overcrowded;

    static Hour of(long start, CensusFigures f) {
      Hour hour = new Hour();
      hour.start = start;
      if (f != null) {
        hour.region = f.regionCode();
        hour.hospital = f.hospitalCode();
        hour.careType = f.careType();
        hour.technicalUnit = f.technicalUnit();
        hour.occupied = f.occupied();
        hour.outlying = f.outlying();
        hour.available = f.available();
        hour.overcrowded = f.overcrowded();
      }
      return hour;
    }

    /** Whether {@code f}, the hour after this one, is filed as this one and has its figures. */
    boolean repeatedBy(CensusFigures f) {
      return f.periodStart() == start + CensusCalendar.HOUR
          && region != null
          && region.equals(f.regionCode())
          && hospital.equals(f.hospitalCode())
          && careType == f.careType()
          && technicalUnit == f.technicalUnit()
          && occupied == f.occupied()
          && outlying == f.outlying()
          && Objects.equals(available, f.available())
          && Objects.equals(overcrowded, f.overcrowded());
    }
  }

  /** Unit hours equal to the hour before: for the rollups, not written (the views fill them in). */
  public static final OutputTag<CensusFigures> UNCHANGED_HOURS =
      new OutputTag<>("unchanged-hours", TypeInformation.of(CensusFigures.class));

  // A corrected period reaches back at most a local day (25 h) before its end.
  private static final long LONGEST_PERIOD_MS = Duration.ofHours(26).toMillis();

  private final CensusCalendar calendar;
  private final UnitDirectory directory;
  private final long allowedLatenessMs;
  private final boolean writeUnchangedHours;
  private final boolean technicalUnitsRolledUp;
  private transient ValueState<State> state;

  /**
   * @param writeUnchangedHours every closed hour to the main output, changed or not
   * @param technicalUnitsRolledUp whether technical units count in the rollups: a unit that does
   *     not has every hour written, since no hospital row marks how far its hours are closed
   */
  public UnitCensus(
      CensusCalendar calendar,
      UnitDirectory directory,
      Duration allowedLateness,
      boolean writeUnchangedHours,
      boolean technicalUnitsRolledUp) {
    this.calendar = calendar;
    this.directory = directory;
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.writeUnchangedHours = writeUnchangedHours;
    this.technicalUnitsRolledUp = technicalUnitsRolledUp;
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("unit", State.class));
  }

  @Override
  public void processElement(UnitChange change, ReadOnlyContext ctx, Collector<CensusFigures> out)
      throws Exception {
    State unit = state.value();
    if (unit == null) {
      unit = new State();
    }
    unit.regionCode = change.regionCode();
    unit.hospitalCode = change.hospitalCode();
    if (change.careType() != null) {
      unit.careType = change.careType();
      unit.technicalUnit = change.technicalUnit();
    }
    if (change.isBedsChange()) {
      unit.timeline.setAvailableBeds(change.time(), change.availableBeds(), change.bedsEventId());
    } else {
      unit.timeline.addOccupancy(change.time(), change.occupiedDelta(), change.outlyingDelta());
    }
    unit.firstEventTime = Math.min(unit.firstEventTime, change.time());
    unit.newestEventTime = Math.max(unit.newestEventTime, change.time());

    UnitPeriods periods =
        directory.periodsOf(ctx.getBroadcastState(UnitDirectory.STATE), ctx.getCurrentKey());
    UnitRecord place = placeAt(unit.newestEventTime, periods, ctx.getCurrentKey(), unit);
    if (place != null) {
      out.collect(counts(PeriodKind.CURRENT, unit.newestEventTime, place, unit));
    }
    if (change.time() > ctx.timerService().currentWatermark()) {
      ctx.timerService().registerEventTimeTimer(change.time());
    } else {
      // Behind event time: the counts settled since its instant change, the newest goes out again.
      settle(Math.max(change.time(), unit.settledUpTo), periods, ctx.getCurrentKey(), unit, out);
    }
    for (long boundary = calendar.nextBoundaryAfter(change.time());
        boundary <= unit.lastClosedBoundary;
        boundary = calendar.nextBoundaryAfter(boundary)) {
      closePeriodsAt(boundary, periods, ctx.getCurrentKey(), unit, true, ctx, out);
    }
    long boundaryAfterChange = calendar.nextBoundaryAfter(change.time());
    boolean noPeriodClosedYet = unit.lastClosedBoundary == Long.MIN_VALUE;
    if (unit.nextBoundary == Long.MIN_VALUE
        || (noPeriodClosedYet && boundaryAfterChange < unit.nextBoundary)) {
      // Start (or, for an early change arriving late, move back) the chain of closing periods.
      unit.nextBoundary = boundaryAfterChange;
      ctx.timerService().registerEventTimeTimer(unit.nextBoundary);
    }
    state.update(unit);
  }

  @Override
  public void onTimer(long boundary, OnTimerContext ctx, Collector<CensusFigures> out)
      throws Exception {
    State unit = state.value();
    UnitPeriods periods =
        directory.periodsOf(ctx.getBroadcastState(UnitDirectory.STATE), ctx.getCurrentKey());
    if (boundary > unit.settledUpTo && unit.timeline.changesAt(boundary)) {
      settle(boundary, periods, ctx.getCurrentKey(), unit, out);
    }
    if (boundary != unit.nextBoundary) {
      // Only an instant to settle: the chain of closing periods is elsewhere.
      state.update(unit);
      return;
    }
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of a bounded input: close only what the last real watermark closed, for every unit
      // alike, so that hospital and region sums never mix units closed to different points.
      unit.nextBoundary = Long.MIN_VALUE;
      state.update(unit);
      return;
    }
    closePeriodsAt(boundary, periods, ctx.getCurrentKey(), unit, false, ctx, out);
    unit.lastClosedBoundary = boundary;
    unit.timeline.compactBefore(boundary - allowedLatenessMs - LONGEST_PERIOD_MS);
    unit.nextBoundary = calendar.nextBoundaryAfter(boundary);
    ctx.timerService().registerEventTimeTimer(unit.nextBoundary);
    state.update(unit);
  }

  @Override
  public void processBroadcastElement(UnitRecord record, Context ctx, Collector<CensusFigures> out)
      throws Exception {
    directory.publish(ctx.getBroadcastState(UnitDirectory.STATE), record);
  }

  /** The unit's counts at {@code at}, which event time has passed, as settled. */
  private static void settle(
      long at, UnitPeriods periods, String unitCode, State unit, Collector<CensusFigures> out) {
    UnitRecord place = placeAt(at, periods, unitCode, unit);
    if (place != null) {
      out.collect(counts(PeriodKind.SETTLED_CURRENT, at, place, unit));
    }
    unit.settledUpTo = Math.max(unit.settledUpTo, at);
  }

  /**
   * Where the unit's figures at {@code at} are filed: its reference period then; null when the
   * reference data has the unit but not at that time (closed, or not yet open). Without any of its
   * periods here yet (an update the events overtook) the newest event's placing stands in.
   */
  private static UnitRecord placeAt(long at, UnitPeriods periods, String unitCode, State unit) {
    if (periods != null) {
      return periods.at(at);
    }
    if (unit.careType == null) {
      return null;
    }
    return new UnitRecord(
        unitCode,
        unit.hospitalCode,
        unit.regionCode,
        unit.careType,
        unit.technicalUnit,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        unitCode);
  }

  /**
   * Closes the periods that end at {@code boundary}: in order by the timer chain, or again because
   * a late change corrected them ({@code correction}).
   */
  private void closePeriodsAt(
      long boundary,
      UnitPeriods periods,
      String unitCode,
      State unit,
      boolean correction,
      ReadOnlyContext ctx,
      Collector<CensusFigures> out) {
    if (unit.firstEventTime >= boundary) {
      return;
    }
    if (calendar.isHourStart(boundary)) {
      closeHour(boundary - CensusCalendar.HOUR, periods, unitCode, unit, correction, ctx, out);
    }
    if (calendar.isLocalMidnight(boundary)) {
      emit(
          means(
              PeriodKind.DAY,
              calendar.localDayStartBefore(boundary),
              boundary,
              periods,
              unitCode,
              unit),
          out);
    }
    if (calendar.isSnapshot(boundary)) {
      UnitRecord place = placeAt(boundary, periods, unitCode, unit);
      if (place != null) {
        out.collect(counts(PeriodKind.DAILY_SNAPSHOT, boundary, place, unit));
      }
    }
  }

  private void closeHour(
      long from,
      UnitPeriods periods,
      String unitCode,
      State unit,
      boolean correction,
      ReadOnlyContext ctx,
      Collector<CensusFigures> out) {
    CensusFigures hour =
        means(PeriodKind.HOUR, from, from + CensusCalendar.HOUR, periods, unitCode, unit);
    // The hour before had figures when the unit's first event came before this hour began.
    UnitRecord before =
        unit.firstEventTime < from
            ? placeAt(from - CensusCalendar.HOUR, periods, unitCode, unit)
            : null;
    if (before != null && (hour == null || !sameSeries(before, hour))) {
      out.collect(seriesEnd(from, before, unitCode));
    }
    if (hour != null) {
      boolean unchanged =
          !correction
              && !writeUnchangedHours
              && !(hour.technicalUnit() && !technicalUnitsRolledUp)
              && unit.lastHour != null
              && unit.lastHour.repeatedBy(hour);
      if (unchanged) {
        ctx.output(UNCHANGED_HOURS, hour);
      } else {
        out.collect(hour);
      }
    }
    if (unit.lastHour == null || from >= unit.lastHour.start) {
      unit.lastHour = Hour.of(from, hour);
    }
  }

  /** The series of a unit's hours is keyed by its place: region, hospital and care type. */
  private static boolean sameSeries(UnitRecord place, CensusFigures hour) {
    return place.regionCode().equals(hour.regionCode())
        && place.hospitalCode().equals(hour.hospitalCode())
        && place.careType() == hour.careType();
  }

  /** The mark that the unit has no hours filed under {@code place} from {@code at} on. */
  private static CensusFigures seriesEnd(long at, UnitRecord place, String unitCode) {
    return new CensusFigures(
        PeriodKind.HOURS_END,
        Level.UNIT,
        place.regionCode(),
        place.hospitalCode(),
        unitCode,
        place.careType(),
        place.technicalUnit(),
        at,
        at,
        0,
        0,
        null,
        null,
        null,
        0,
        1);
  }

  private static void emit(CensusFigures figures, Collector<CensusFigures> out) {
    if (figures != null) {
      out.collect(figures);
    }
  }

  private static CensusFigures counts(PeriodKind kind, long at, UnitRecord place, State unit) {
    UnitTimeline.Counts c = unit.timeline.countsAt(at);
    Integer available = c.available();
    return new CensusFigures(
        kind,
        Level.UNIT,
        place.regionCode(),
        place.hospitalCode(),
        place.unitCode(),
        place.careType(),
        place.technicalUnit(),
        at,
        at,
        c.occupied(),
        c.outlying(),
        available == null ? null : available.doubleValue(),
        available == null ? null : (double) BedCensusFormulas.overcrowded(c.occupied(), available),
        null,
        1,
        c.records());
  }

  /** The period's means, or null when the unit is not in the reference data at its start. */
  private static CensusFigures means(
      PeriodKind kind, long from, long to, UnitPeriods periods, String unitCode, State unit) {
    UnitRecord place = placeAt(from, periods, unitCode, unit);
    if (place == null) {
      return null;
    }
    UnitTimeline.Means m = unit.timeline.meansOver(from, to);
    return new CensusFigures(
        kind,
        Level.UNIT,
        place.regionCode(),
        place.hospitalCode(),
        unitCode,
        place.careType(),
        place.technicalUnit(),
        from,
        to,
        m.occupied(),
        m.outlying(),
        m.available(),
        m.overcrowded(),
        kind == PeriodKind.DAY ? BedCensusFormulas.patientDays(m.occupied(), to - from) : null,
        1,
        m.records());
  }
}
