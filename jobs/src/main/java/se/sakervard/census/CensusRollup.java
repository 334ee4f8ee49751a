package se.sakervard.census;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.time.EventTimeQueue;
import se.sakervard.schemas.pipeline.Level;

/**
 * Rolls census figures up one level (unit → hospital, hospital → region) as sums, so every rate
 * above a unit is a ratio of sums, never an average of rates.
 *
 * <p>Keyed by parent place, care type, period kind and period start; event time. Keeps the newest
 * row of each child: the one with the highest version, whatever order they come in. CURRENT sums go
 * out on every change. Settled sums ({@link PeriodKind#SETTLED_CURRENT}) go out when the watermark
 * passes an instant a child settled at, with every child's newest settled row up to it, so they do
 * not depend on which child's row came first. A period's sum goes out when the watermark passes its
 * end, and again whenever a child's late correction arrives. A child whose beds are unknown adds
 * only its patient days. The version of a sum is the sum of its children's versions, so it grows
 * with every correction. State is dropped once no correction can come.
 */
public final class CensusRollup extends KeyedProcessFunction<String, CensusFigures, CensusFigures> {
  private final Level level;
  private final long allowedLatenessMs;
  private transient MapState<String, CensusFigures> children;
  private transient EventTimeQueue<CensusFigures> settling;

  public CensusRollup(Level level, Duration allowedLateness) {
    this.level = level;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  /** The key: the parent place at {@code level}, care type, period kind and period start. */
  public static KeySelector<CensusFigures, String> keyFor(Level level) {
    return f ->
        String.join(
            "|",
            f.regionCode(),
            level == Level.HOSPITAL ? f.hospitalCode() : "",
            f.careType().name(),
            f.kind().name(),
            f.kind() == PeriodKind.CURRENT || f.kind() == PeriodKind.SETTLED_CURRENT
                ? ""
                : Long.toString(f.periodStart()));
  }

  @Override
  public void open(OpenContext openContext) {
    children =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("children", String.class, CensusFigures.class));
    settling = new EventTimeQueue<>(getRuntimeContext(), TypeInformation.of(CensusFigures.class));
  }

  @Override
  public void processElement(CensusFigures child, Context ctx, Collector<CensusFigures> out)
      throws Exception {
    if (child.kind() == PeriodKind.SETTLED_CURRENT
        && child.periodEnd() > ctx.timerService().currentWatermark()) {
      // Summed when event time passes it, with every other child's row of that instant.
      settling.add(child.periodEnd(), child, ctx.timerService());
      return;
    }
    if (child.kind() == PeriodKind.SETTLED_CURRENT) {
      // Behind event time: a child's correction, summed as of the newest instant settled.
      if (take(child)) {
        out.collect(sum());
      }
      return;
    }
    CensusFigures known = children.get(child.placeCode());
    if (known != null && known.version() > child.version()) {
      // An older row of the child after a newer one: a unit's written and unchanged hours come on
      // two channels (UnitCensus.UNCHANGED_HOURS), whose rows can overtake each other. The row
      // with the higher version has folded in more of the unit's input; it stands.
      return;
    }
    children.put(child.placeCode(), child);
    if (child.kind() == PeriodKind.CURRENT
        || child.periodEnd() <= ctx.timerService().currentWatermark()) {
      out.collect(sum());
    } else {
      ctx.timerService().registerEventTimeTimer(child.periodEnd());
      ctx.timerService().registerEventTimeTimer(child.periodEnd() + allowedLatenessMs + 1);
    }
  }

  /** Keeps a settled row of a child unless the child has a newer one; whether it was kept. */
  private boolean take(CensusFigures child) throws Exception {
    CensusFigures known = children.get(child.placeCode());
    if (known != null
        && (known.periodEnd() > child.periodEnd()
            || (known.periodEnd() == child.periodEnd() && known.version() > child.version()))) {
      return false;
    }
    children.put(child.placeCode(), child);
    return true;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CensusFigures> out)
      throws Exception {
    List<CensusFigures> settled = settling.take(timestamp);
    if (settled != null) {
      boolean changed = false;
      for (CensusFigures child : settled) {
        changed |= take(child);
      }
      if (changed) {
        out.collect(sum());
      }
      return;
    }
    CensusFigures any = children.iterator().next().getValue();
    if (timestamp == any.periodEnd()) {
      out.collect(sum());
    } else {
      children.clear();
    }
  }

  CensusFigures sum() throws Exception {
    return sumOf(level, children.entries());
  }

  /**
   * The parent's figures from its children's; pure, for tests. The children are added in the order
   * of their place codes: floating-point sums in arrival order differed in the last digit between
   * two runs of the same events.
   */
  static CensusFigures sumOf(Level level, Iterable<Map.Entry<String, CensusFigures>> unordered) {
    java.util.TreeMap<String, CensusFigures> children = new java.util.TreeMap<>();
    unordered.forEach(e -> children.put(e.getKey(), e.getValue()));
    CensusFigures first = null;
    double occupied = 0;
    double outlying = 0;
    double available = 0;
    double overcrowded = 0;
    Double patientDays = null;
    int units = 0;
    boolean anyKnown = false;
    long version = 0;
    long periodStart = Long.MAX_VALUE;
    long periodEnd = Long.MIN_VALUE;
    for (CensusFigures c : children.values()) {
      first = first == null ? c : first;
      version += c.version();
      periodStart = Math.min(periodStart, c.periodStart());
      periodEnd = Math.max(periodEnd, c.periodEnd());
      if (c.patientDays() != null) {
        patientDays = (patientDays == null ? 0 : patientDays) + c.patientDays();
      }
      if (c.available() == null) {
        continue;
      }
      anyKnown = true;
      occupied += c.occupied();
      outlying += c.outlying();
      available += c.available();
      overcrowded += c.overcrowded();
      units += c.units();
    }
    if (first.kind() == PeriodKind.SETTLED_CURRENT) {
      // The instant the newest child settled: event time has passed it for every child.
      periodStart = periodEnd;
    } else if (first.kind() != PeriodKind.CURRENT) {
      // Every child of a period key shares its start and end.
      periodStart = first.periodStart();
      periodEnd = first.periodEnd();
    }
    return new CensusFigures(
        first.kind(),
        level,
        first.regionCode(),
        level == Level.HOSPITAL ? first.hospitalCode() : "",
        "",
        first.careType(),
        false,
        periodStart,
        periodEnd,
        occupied,
        outlying,
        anyKnown ? available : null,
        anyKnown ? overcrowded : null,
        patientDays,
        units,
        version);
  }
}
