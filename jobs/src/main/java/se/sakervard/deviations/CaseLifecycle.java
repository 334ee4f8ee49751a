package se.sakervard.deviations;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.metrics.FlinkMicrometer;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Folds each case's lifecycle events into its facts, in event time whatever order they arrive in.
 *
 * <p>Keyed by case reference. Emits the case's facts before and after every event it takes, once
 * the report is there; events that arrive before their report are held. Events the case cannot take
 * (see {@link CaseHistory}) go to the dead letters as INVALID with the reason. A case is forgotten
 * when the watermark passes its newest event time + the retention; events still waiting for a
 * report then go to the dead letters, so nothing is dropped silently.
 */
public final class CaseLifecycle extends KeyedProcessFunction<String, DeviationInput, CaseUpdate> {
  private final RiskRule rule;
  private final long retentionMs;
  private transient ValueState<CaseHistory> history;
  private transient ValueState<Long> expiry;
  private transient Counter rejected;

  public CaseLifecycle(RiskRule rule, Duration retention) {
    this.rule = rule;
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    history = getRuntimeContext().getState(new ValueStateDescriptor<>("case", CaseHistory.class));
    expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
    rejected =
        FlinkMicrometer.registryFor(getRuntimeContext().getMetricGroup())
            .counter(
                "sakervard.dead.letters",
                "stream",
                DeviationJob.NAME,
                "reason",
                DeadLetterReason.INVALID.name());
  }

  @Override
  public void processElement(DeviationInput event, Context ctx, Collector<CaseUpdate> out)
      throws Exception {
    CaseHistory history = this.history.value();
    if (history == null) {
      history = new CaseHistory();
    }
    CaseFacts before = history.reported() ? history.facts(rule) : null;
    List<CaseHistory.Rejection> rejections = history.add(event);
    for (CaseHistory.Rejection r : rejections) {
      deadLetter(ctx, r.event(), r.reason());
    }
    boolean accepted = rejections.stream().noneMatch(r -> r.event() == event);
    if (history.events.isEmpty()) {
      this.history.clear();
      return;
    }
    this.history.update(history);
    Long previousExpiry = expiry.value();
    long newExpiry = history.newestEventTime() + retentionMs;
    if (previousExpiry == null || newExpiry > previousExpiry) {
      if (previousExpiry != null) {
        ctx.timerService().deleteEventTimeTimer(previousExpiry);
      }
      ctx.timerService().registerEventTimeTimer(newExpiry);
      expiry.update(newExpiry);
    }
    if (accepted && history.reported()) {
      // As of the newest event folded in: a report that releases held events brings them all.
      out.collect(new CaseUpdate(before, history.facts(rule), history.newestEventTime()));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseUpdate> out)
      throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of a bounded input: the retention has not really passed; keep the case as it is.
      return;
    }
    CaseHistory history = this.history.value();
    for (DeviationInput held : history.held()) {
      deadLetter(
          ctx,
          held,
          "no CaseReported for case "
              + held.caseRef()
              + " arrived within "
              + Duration.ofMillis(retentionMs)
              + " (deviations.case-retention) of its newest event");
    }
    this.history.clear();
    expiry.clear();
  }

  private void deadLetter(Context ctx, DeviationInput event, String reason) {
    rejected.increment();
    ctx.output(
        DeadLetters.TAG,
        new DeadLetterRecord(
            DeviationJob.NAME,
            event.origin().topic(),
            event.origin().partition(),
            event.origin().offset(),
            DeadLetterReason.INVALID,
            reason,
            event.eventId(),
            event.eventTime(),
            event.origin().value()));
  }
}
