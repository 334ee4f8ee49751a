package se.sakervard.core.sink;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Indicator values for the indicators topic, each passed on only when it differs from the last one
 * published under its key ({@link IndicatorRecord#key()}: indicator, place, period): in value,
 * numerator or denominator. A figure recomputed on every input event repeats most of its values (a
 * case report changes a month's count of reports, not its handling times), and a repeated value
 * tells a reader nothing: alerting judges the step function between values. In the national
 * benchmark the deviation job published about 30 values per deviation event, most of them repeats.
 *
 * <p>Keyed by {@link IndicatorRecord#key()}. A closed period's last values are forgotten {@link
 * #FORGET_AFTER} after its end (event time); a value repeated after that goes out again, which a
 * reader takes as the same value.
 */
public final class ChangedIndicatorValues
    extends KeyedProcessFunction<String, IndicatorRecord, IndicatorRecord> {
  /** Longer than any period's figures are corrected after it ended (deviation cohorts: a year). */
  public static final Duration FORGET_AFTER = Duration.ofDays(2 * 366);

  private transient ValueState<Double[]> lastPublished;

  @Override
  public void open(OpenContext openContext) {
    lastPublished =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "last-published", BasicArrayTypeInfo.DOUBLE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(IndicatorRecord value, Context ctx, Collector<IndicatorRecord> out)
      throws Exception {
    Double[] published = {value.value(), value.numerator(), value.denominator()};
    Double[] last = lastPublished.value();
    if (last != null && Objects.deepEquals(last, published)) {
      return;
    }
    if (last == null && !value.periodKind().equals(IndicatorRecord.CURRENT)) {
      ctx.timerService().registerEventTimeTimer(value.periodEnd() + FORGET_AFTER.toMillis());
    }
    lastPublished.update(published);
    out.collect(value);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorRecord> out) {
    lastPublished.clear();
  }
}
