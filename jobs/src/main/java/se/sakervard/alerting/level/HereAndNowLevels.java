package se.sakervard.alerting.level;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.sakervard.alerting.Place;
import se.sakervard.core.metrics.FlinkMicrometer;
import se.sakervard.core.time.EventTimeQueue;

/**
 * The here-and-now level of one place (keyed by {@link LevelUpdate#placeKey()}), emitted whenever
 * it or its reasons change. Each input keeps its newest value by event time (then version), so the
 * level after all updates does not depend on the order they arrived in; an open cluster counts
 * until a newer version of it closes it. The arithmetic is {@link HereAndNowLevel}'s.
 *
 * <p>Updates wait for event time to pass them and are taken in event-time order, all of one instant
 * together, one row at most per instant: the inputs come from different topics read at different
 * speeds, and taken as they arrived a row was stamped with the newest time seen so far (a serious
 * care injury classified at 10:50 read before the hospital's 09:00 overcrowding dated its level 3
 * at 10:50), so the rows and the level rules' timing depended on reading speed.
 */
public final class HereAndNowLevels extends KeyedProcessFunction<String, LevelUpdate, LevelRow> {
  private static final Logger LOG = LoggerFactory.getLogger(HereAndNowLevels.class);

  private final PlaceThresholds thresholds;
  private transient ValueState<PlaceLevelState> state;
  private transient EventTimeQueue<LevelUpdate> waiting;
  private transient MeterRegistry meters;

  public HereAndNowLevels(PlaceThresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("place-level", PlaceLevelState.class));
    waiting = new EventTimeQueue<>(getRuntimeContext(), TypeInformation.of(LevelUpdate.class));
    meters = FlinkMicrometer.registryFor(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(LevelUpdate u, Context ctx, Collector<LevelRow> out) throws Exception {
    long behind = ctx.timerService().currentWatermark() - u.at();
    if (behind >= 0) {
      // Event time has passed it: its row is dated when it was taken, so the place's rows depend
      // on how late it came (docs/alerting.md, "Inputs behind event time").
      DistributionSummary.builder("sakervard.levels.late.inputs")
          .tag("input", (u.value() == null ? LevelInput.ACTIVE_CLUSTERS : u.value().input()).name())
          .baseUnit("seconds")
          .register(meters)
          .record(behind / 1000.0);
    }
    waiting.add(u.at(), u, ctx.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LevelRow> out)
      throws Exception {
    List<LevelUpdate> updates = waiting.take(timestamp);
    PlaceLevelState s = state.value();
    if (updates == null) {
      // A hygiene compliance turning too old to raise the level above 2, with no update at that
      // instant. Not at the end of a bounded input: no time passes there.
      if (s != null
          && s.place != null
          && ctx.timerService().currentWatermark() != Long.MAX_VALUE
          && timestamp == staleAt(s)) {
        s.asOf = Math.max(s.asOf, timestamp);
        judge(s, s.place, out);
        state.update(s);
      }
      return;
    }
    if (s == null) {
      s = new PlaceLevelState();
    }
    s.place = updates.get(0).place();
    boolean changed = false;
    for (LevelUpdate u : updates) {
      changed |= apply(s, u);
      if (u.value() != null && u.value().input() == LevelInput.HYGIENE_COMPLIANCE) {
        ctx.timerService().registerEventTimeTimer(staleAt(s));
      }
    }
    if (!changed) {
      state.update(s);
      return;
    }
    s.asOf = Math.max(s.asOf, timestamp);
    judge(s, s.place, out);
    state.update(s);
  }

  /** When the place's hygiene compliance turns too old to raise its level above 2. */
  private long staleAt(PlaceLevelState s) {
    Long at = s.valueAt.get(LevelInput.HYGIENE_COMPLIANCE.name());
    return at == null
        ? Long.MIN_VALUE
        : at + thresholds.of(s.place.level()).hygieneMaxAge().toMillis() + 1;
  }

  /** The place's level as of {@code s.asOf}; a row when it or its reasons changed. */
  private void judge(PlaceLevelState s, Place place, Collector<LevelRow> out) {
    HereAndNow now;
    try {
      now = HereAndNowLevel.of(inputs(s), thresholds.of(place.level()));
    } catch (IllegalArgumentException e) {
      LOG.warn("Input of {} left out of its level: {}", place.key(), e.getMessage());
      return;
    }
    List<String> reasons = now.reasons().stream().map(LevelReason::explain).toList();
    List<String> notJudged = now.notJudged().stream().map(LevelInput::label).toList();
    if (s.version == 0
        || now.level() != s.level
        || !reasons.equals(s.reasons)
        || !notJudged.equals(s.notJudged)) {
      s.level = now.level();
      s.reasons = new ArrayList<>(reasons);
      s.notJudged = new ArrayList<>(notJudged);
      s.version++;
      out.collect(new LevelRow(place, s.asOf, s.level, reasons, notJudged, s.version));
    }
  }

  /** Takes the update into the state; false when it is older than what the state has. */
  static boolean apply(PlaceLevelState s, LevelUpdate u) {
    if (u.clusterId() != null) {
      Long known = s.clusters.get(u.clusterId());
      if (known != null && Math.abs(known) >= u.clusterVersion()) {
        return false;
      }
      s.clusters.put(u.clusterId(), u.clusterOpen() ? u.clusterVersion() : -u.clusterVersion());
      return true;
    }
    LevelInputValue v = u.value();
    String input = v.input().name();
    Long at = s.valueAt.get(input);
    if (at != null && (at > v.at() || (at == v.at() && s.valueVersion.get(input) >= v.version()))) {
      return false;
    }
    s.valueAt.put(input, v.at());
    s.valueVersion.put(input, v.version());
    s.values.put(input, v.value());
    if (v.input() == LevelInput.HYGIENE_COMPLIANCE) {
      s.hygieneObservations = v.observations();
    }
    return true;
  }

  static LevelInputs inputs(PlaceLevelState s) {
    long open = s.clusters.values().stream().filter(v -> v > 0).count();
    // Counted by this job from the deviation events (RecentSeriousCareInjuries): none heard of
    // in 7 days is 0, as no open cluster is.
    Double serious = s.values.get(LevelInput.SERIOUS_CARE_INJURIES_7_DAYS.name());
    return new LevelInputs(
        s.values.get(LevelInput.OCCUPANCY.name()),
        s.values.get(LevelInput.OVERCROWDING.name()),
        s.values.get(LevelInput.OUTLYING.name()),
        serious == null ? 0 : (int) Math.round(serious),
        (int) open,
        s.values.get(LevelInput.HYGIENE_COMPLIANCE.name()),
        (int) s.hygieneObservations,
        hygieneAge(s));
  }

  /** How far the hygiene compliance's as-of lies behind the level's (0 without one). */
  private static long hygieneAge(PlaceLevelState s) {
    Long at = s.valueAt.get(LevelInput.HYGIENE_COMPLIANCE.name());
    return at == null ? 0 : Math.max(0, s.asOf - at);
  }
}
