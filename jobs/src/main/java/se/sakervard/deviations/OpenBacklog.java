package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The open deviation backlog of one place, and how much of it is older than 30, 60 and 90 days.
 *
 * <p>Keyed by level and place ({@link BacklogDelta#key()}); event time. Emits the figures on every
 * case update, as of the newest event time seen; and, without any new event, when an open case
 * turns 30, 60 or 90 days old (an event-time timer at that instant), so the backlog ages on its
 * own. A late close takes the case out at once.
 */
public final class OpenBacklog extends KeyedProcessFunction<String, BacklogDelta, BacklogFigures> {
  static final long[] AGES_MS = {
    Duration.ofDays(30).toMillis(), Duration.ofDays(60).toMillis(), Duration.ofDays(90).toMillis()
  };

  /** An open case: when it was reported, and whether it is a serious care injury. */
  public record OpenCase(long since, boolean serious) {}

  private transient MapState<String, OpenCase> openCases;
  private transient ValueState<BacklogFigures> last;

  @Override
  public void open(OpenContext openContext) {
    openCases =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "open-cases", Types.STRING, TypeInformation.of(OpenCase.class)));
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", BacklogFigures.class));
  }

  @Override
  public void processElement(BacklogDelta delta, Context ctx, Collector<BacklogFigures> out)
      throws Exception {
    if (delta.openSince() == null) {
      openCases.remove(delta.caseRef());
    } else {
      openCases.put(delta.caseRef(), new OpenCase(delta.openSince(), delta.serious()));
      for (long age : AGES_MS) {
        long turns = delta.openSince() + age + 1;
        if (turns > ctx.timerService().currentWatermark()) {
          ctx.timerService().registerEventTimeTimer(turns);
        }
      }
    }
    BacklogFigures previous = last.value();
    long asOf = previous == null ? delta.at() : Math.max(previous.asOf(), delta.at());
    emit(delta, previous, asOf, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BacklogFigures> out)
      throws Exception {
    BacklogFigures previous = last.value();
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE
        || previous == null
        || timestamp <= previous.asOf()) {
      // End of a bounded input (no time passed), or the figures are already past this instant.
      return;
    }
    emit(null, previous, timestamp, out);
  }

  private void emit(
      BacklogDelta place, BacklogFigures previous, long asOf, Collector<BacklogFigures> out)
      throws Exception {
    long open = 0;
    long serious = 0;
    long[] over = new long[AGES_MS.length];
    for (OpenCase c : openCases.values()) {
      open++;
      serious += c.serious() ? 1 : 0;
      for (int i = 0; i < AGES_MS.length; i++) {
        if (asOf - c.since() > AGES_MS[i]) {
          over[i]++;
        }
      }
    }
    BacklogFigures figures =
        new BacklogFigures(
            place != null ? place.level() : previous.level(),
            place != null ? place.regionCode() : previous.regionCode(),
            place != null ? place.hospitalCode() : previous.hospitalCode(),
            place != null ? place.unitCode() : previous.unitCode(),
            asOf,
            open,
            over[0],
            over[1],
            over[2],
            serious,
            previous == null ? 1 : previous.version() + 1);
    last.update(figures);
    out.collect(figures);
  }
}
