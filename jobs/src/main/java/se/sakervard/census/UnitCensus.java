package se.sakervard.census;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;

/**
 * One unit's census figures: the current counts on every change, and per closed period the hourly
 * means, the local day with its patient days and the daily snapshot. (The rolling 24 h means are
 * ClickHouse's, from the hourly rows: {@code v_census_rolling_24h}.)
 *
 * <p>Keyed by unit code; event time. Periods close when the watermark passes their end (a timer
 * chain from boundary to boundary, so a quiet unit still gets its hours). A change behind the
 * watermark (admitted within the allowed lateness) re-emits every closed period it touches with a
 * higher version. At the end of a bounded input the chain stops after the period holding the unit's
 * newest event.
 *
 * <p>A unit's care type and technical flag come with its available-bed reports, so it has no
 * figures before the first of them (in event time): a stay event that arrived first would otherwise
 * file the unit under a guessed care type, a row that stays in ClickHouse under the wrong key.
 * Which of two events from different partitions arrives first depends on timing; event time does
 * not.
 */
public final class UnitCensus extends KeyedProcessFunction<String, UnitChange, CensusFigures> {
  /** Everything the operator keeps per unit. Public fields for Flink's state serializer. */
  public static final class State {
    public String regionCode;
    public String hospitalCode;
    public CareType careType = CareType.SOMATIC;
    public boolean technicalUnit;
    // Event time of the earliest available-bed report: care type and flag known from then on.
    public long bedsKnownSince = Long.MAX_VALUE;
    public UnitTimeline timeline = new UnitTimeline();
    public long newestEventTime = Long.MIN_VALUE;
    public long lastClosedBoundary = Long.MIN_VALUE;
    public long nextBoundary = Long.MIN_VALUE;
  }

  // A corrected period reaches back at most a local day (25 h) before its end.
  private static final long LONGEST_PERIOD_MS = Duration.ofHours(26).toMillis();

  private final CensusCalendar calendar;
  private final long allowedLatenessMs;
  private transient ValueState<State> state;

  public UnitCensus(CensusCalendar calendar, Duration allowedLateness) {
    this.calendar = calendar;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("unit", State.class));
  }

  @Override
  public void processElement(UnitChange change, Context ctx, Collector<CensusFigures> out)
      throws Exception {
    State unit = state.value();
    if (unit == null) {
      unit = new State();
    }
    unit.regionCode = change.regionCode();
    unit.hospitalCode = change.hospitalCode();
    if (change.isBedsChange()) {
      unit.careType = change.careType();
      unit.technicalUnit = change.technicalUnit();
      unit.bedsKnownSince = Math.min(unit.bedsKnownSince, change.time());
      unit.timeline.setAvailableBeds(change.time(), change.availableBeds(), change.bedsEventId());
    } else {
      unit.timeline.addOccupancy(change.time(), change.occupiedDelta(), change.outlyingDelta());
    }
    unit.newestEventTime = Math.max(unit.newestEventTime, change.time());

    if (unit.bedsKnownSince != Long.MAX_VALUE) {
      out.collect(current(ctx.getCurrentKey(), unit));
    }
    for (long boundary = calendar.nextBoundaryAfter(change.time());
        boundary <= unit.lastClosedBoundary;
        boundary = calendar.nextBoundaryAfter(boundary)) {
      closePeriodsAt(boundary, ctx.getCurrentKey(), unit, out);
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
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of a bounded input: close only what the last real watermark closed, for every unit
      // alike, so that hospital and region sums never mix units closed to different points.
      unit.nextBoundary = Long.MIN_VALUE;
      state.update(unit);
      return;
    }
    closePeriodsAt(boundary, ctx.getCurrentKey(), unit, out);
    unit.lastClosedBoundary = boundary;
    unit.timeline.compactBefore(boundary - allowedLatenessMs - LONGEST_PERIOD_MS);
    unit.nextBoundary = calendar.nextBoundaryAfter(boundary);
    ctx.timerService().registerEventTimeTimer(unit.nextBoundary);
    state.update(unit);
  }

  private void closePeriodsAt(
      long boundary, String unitCode, State unit, Collector<CensusFigures> out) {
    if (unit.bedsKnownSince >= boundary) {
      return;
    }
    if (calendar.isHourStart(boundary)) {
      out.collect(means(PeriodKind.HOUR, boundary - CensusCalendar.HOUR, boundary, unitCode, unit));
    }
    if (calendar.isLocalMidnight(boundary)) {
      out.collect(
          means(PeriodKind.DAY, calendar.localDayStartBefore(boundary), boundary, unitCode, unit));
    }
    if (calendar.isSnapshot(boundary)) {
      out.collect(counts(PeriodKind.DAILY_SNAPSHOT, boundary, unitCode, unit));
    }
  }

  private static CensusFigures current(String unitCode, State unit) {
    return counts(PeriodKind.CURRENT, unit.newestEventTime, unitCode, unit);
  }

  private static CensusFigures counts(PeriodKind kind, long at, String unitCode, State unit) {
    UnitTimeline.Counts c = unit.timeline.countsAt(at);
    Integer available = c.available();
    return new CensusFigures(
        kind,
        Level.UNIT,
        unit.regionCode,
        unit.hospitalCode,
        unitCode,
        unit.careType,
        unit.technicalUnit,
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

  private static CensusFigures means(
      PeriodKind kind, long from, long to, String unitCode, State unit) {
    UnitTimeline.Means m = unit.timeline.meansOver(from, to);
    return new CensusFigures(
        kind,
        Level.UNIT,
        unit.regionCode,
        unit.hospitalCode,
        unitCode,
        unit.careType,
        unit.technicalUnit,
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
