package se.sakervard.core.sink;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A figure's indicator values for the indicators topic, each passed on only when it differs from
 * the last one published under its key ({@link IndicatorRecord#key()}: indicator, place, period):
 * in value, numerator or denominator. A figure recomputed on every input event repeats most of its
 * values (a case report changes a month's count of reports, not its handling times), and a repeated
 * value tells a reader nothing: alerting judges the step function between values. In the national
 * benchmark the deviation job published about 30 values per deviation event, most of them repeats.
 *
 * <p>Keyed as the operator that computes the figures, whose output is reinterpreted as keyed by the
 * same key ({@code DataStreamUtils.reinterpretAsKeyedStream}): the figures then reach this operator
 * in the same task, and only the changed values cross to the sink. (Keyed by the values' own keys,
 * every value of every figure crossed the network first: in a national benchmark that shuffle and
 * its state look-ups were a tenth of the census and deviation jobs' CPU.) The key fixes the place
 * and, for a closed period, the period; within it a value is known by its indicator and period kind
 * (a month's values are MONTH, then MONTH_FINAL). A closed period's last values are forgotten
 * {@link #FORGET_AFTER} after its end (event time); a value repeated after that goes out again,
 * which a reader takes as the same value.
 *
 * @param <F> the figures, e.g. a place's month
 */
public final class ChangedIndicatorValues<F>
    extends KeyedProcessFunction<String, F, IndicatorRecord> {
  /** Longer than any period's figures are corrected after it ended (deviation cohorts: a year). */
  public static final Duration FORGET_AFTER = Duration.ofDays(2 * 366);

  private final SerializableFunction<F, List<IndicatorRecord>> values;
  // Per indicator and period kind: the value, numerator and denominator last published.
  private transient MapState<String, Double[]> lastPublished;

  /**
   * @param values a figure's indicator values, all of the place and period the key stands for
   */
  public ChangedIndicatorValues(SerializableFunction<F, List<IndicatorRecord>> values) {
    this.values = values;
  }

  @Override
  public void open(OpenContext openContext) {
    lastPublished =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "last-published", Types.STRING, BasicArrayTypeInfo.DOUBLE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(F figures, Context ctx, Collector<IndicatorRecord> out)
      throws Exception {
    for (IndicatorRecord value : values.apply(figures)) {
      String name = value.indicator() + "|" + value.periodKind();
      Double[] published = {value.value(), value.numerator(), value.denominator()};
      Double[] last = lastPublished.get(name);
      if (last != null && Objects.deepEquals(last, published)) {
        continue;
      }
      if (last == null && !value.periodKind().equals(IndicatorRecord.CURRENT)) {
        // The key's values share one period end, and a timer set again at its time is one timer.
        ctx.timerService().registerEventTimeTimer(value.periodEnd() + FORGET_AFTER.toMillis());
      }
      lastPublished.put(name, published);
      out.collect(value);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorRecord> out) {
    lastPublished.clear();
  }
}
