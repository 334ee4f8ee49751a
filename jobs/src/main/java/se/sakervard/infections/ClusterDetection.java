package se.sakervard.infections;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Finds clusters (possible outbreaks) among a unit's cases of one pathogen ({@link CaseClusters}):
 * a case counted in is added, one counted out (withdrawn or corrected away) removed. Keyed by
 * {@link #key}; event time. A cluster closes when event time passes its newest case's onset + the
 * window (an event-time timer). Cases are forgotten once no late case can still reach them: the
 * window plus {@code keepCase} after their onset, and under the baseline-aware rule once they have
 * left its baseline year too.
 */
public final class ClusterDetection extends KeyedProcessFunction<String, UnitInput, ClusterChange> {
  private final Duration window;
  private final Duration fastWindow;
  private final long keepCaseMs;
  private final BaselineClusterRule rule;
  private transient ValueState<CaseClusters> clusters;

  /**
   * @param window the default window (14 days)
   * @param fastWindow the window of calici- and noroviruses (72 hours)
   * @param keepCase how long after its onset a case can still arrive: the allowed lateness plus the
   *     longest time from onset to confirmation
   * @param rule the baseline-aware rule, or null for the plain two-case rule
   */
  public ClusterDetection(
      Duration window, Duration fastWindow, Duration keepCase, BaselineClusterRule rule) {
    this.window = window;
    this.fastWindow = fastWindow;
    this.keepCaseMs = keepCase.toMillis();
    this.rule = rule;
  }

  public static String key(UnitInput counted) {
    InfectionInput c = counted.observation();
    return c.regionCode() + "|" + c.unitCode() + "|" + pathogenOf(c).key();
  }

  static Pathogen pathogenOf(InfectionInput c) {
    return Pathogen.of(c.organism(), c.infectionType());
  }

  @Override
  public void open(OpenContext openContext) {
    clusters =
        getRuntimeContext().getState(new ValueStateDescriptor<>("clusters", CaseClusters.class));
  }

  @Override
  public void processElement(UnitInput counted, Context ctx, Collector<ClusterChange> out)
      throws Exception {
    InfectionInput c = counted.observation();
    CaseClusters state = clusters.value();
    if (state == null) {
      Pathogen pathogen = pathogenOf(c);
      long windowMs = pathogen.window(window, fastWindow).toMillis();
      state =
          rule == null
              ? new CaseClusters(c.regionCode(), c.hospitalCode(), c.unitCode(), pathogen, windowMs)
              : new CaseClusters(
                  c.regionCode(), c.hospitalCode(), c.unitCode(), pathogen, windowMs, rule);
    }
    long now = Math.max(ctx.timerService().currentWatermark(), Long.MIN_VALUE + 1);
    List<ClusterChange> changes =
        counted.sign() > 0
            ? state.add(new ClusterCase(c.ref(), c.onset()), now)
            : state.remove(c.ref(), now, counted.changedAt());
    changes.forEach(out::collect);
    // Just after the case can be forgotten (forgetBefore keeps what lies exactly at its bound).
    ctx.timerService()
        .registerEventTimeTimer(c.onset() + state.windowMs + keepCaseMs + state.historyMs() + 1);
    Long closing = state.nextClosing();
    if (closing != null) {
      ctx.timerService().registerEventTimeTimer(closing);
    }
    clusters.update(state);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClusterChange> out)
      throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input: no time has passed, nothing closed
    }
    CaseClusters state = clusters.value();
    if (state == null) {
      return;
    }
    state.closeUpTo(timestamp).forEach(out::collect);
    state.forgetBefore(timestamp - state.windowMs - keepCaseMs - state.historyMs());
    if (state.cases.isEmpty() && state.clusters.isEmpty()) {
      clusters.clear();
      return;
    }
    Long closing = state.nextClosing();
    if (closing != null && closing > timestamp) {
      ctx.timerService().registerEventTimeTimer(closing);
    }
    clusters.update(state);
  }
}
