package se.sakervard.core.indicator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * How every family publishes its indicator values on the indicators topics (docs/alerting.md,
 * inputs): a figure's values, each {@link IndicatorRecord#CURRENT} value only when it differs from
 * the last one published for its indicator under the key (in value, numerator or denominator), and
 * a closed period's values as {@link ClosedPeriods} says. A figure recomputed on every input event
 * repeats most of its values (an admission changes a unit's occupancy, not its overcrowding; a case
 * report changes a month's count of reports, not its handling times), and a repeated value tells a
 * reader nothing: alerting judges the step function between values.
 *
 * <p>Keyed by the place of the figures, or by place and period: the key the operator that computed
 * them is keyed by, where the figures can stay in its task ({@code
 * DataStreamUtils.reinterpretAsKeyedStream}), so that only the published values cross to the sink.
 * (Keyed by the values' own keys, every value of every figure crossed the network first: in a
 * national benchmark that shuffle and its state look-ups were a tenth of the census and deviation
 * jobs' CPU.)
 *
 * @param <F> the figures, e.g. a place's month
 */
public final class PublishedIndicatorValues<F>
    extends KeyedProcessFunction<String, F, IndicatorRecord> {
  /** Longer than any period's figures are corrected after it ended (deviation cohorts: a year). */
  public static final Duration FORGET_AFTER = Duration.ofDays(2 * 366);

  /** What is published of a closed period's values. */
  public enum ClosedPeriods {
    /**
     * Every value: for figures that come once, when their period ends, and again only when a late
     * input corrects them (a day's figures). Remembering them would hold a key per place and period
     * for as long as corrections come, for a few repeats a reader takes as the same value.
     */
    EVERY_VALUE,
    /**
     * A value only when it changed, remembered until {@link #FORGET_AFTER} after its period's end
     * (event time; a value repeated after that goes out again): for figures recomputed on every
     * input while their period is open (a month's deviation figures).
     */
    ON_CHANGE
  }

  private final SerializableFunction<F, List<IndicatorRecord>> values;
  private final ClosedPeriods closedPeriods;
  // Per indicator and period kind, and for closed periods the period's end: the value, numerator
  // and denominator last published.
  private transient MapState<String, Double[]> lastPublished;

  /**
   * @param values a figure's indicator values, all under the key the figures are keyed by
   */
  public PublishedIndicatorValues(
      SerializableFunction<F, List<IndicatorRecord>> values, ClosedPeriods closedPeriods) {
    this.values = values;
    this.closedPeriods = closedPeriods;
  }

  /** The published values of {@code figures}: name and uid are the caller's. */
  public static <F> SingleOutputStreamOperator<IndicatorRecord> of(
      KeyedStream<F, String> figures,
      SerializableFunction<F, List<IndicatorRecord>> values,
      ClosedPeriods closedPeriods) {
    return figures.process(
        new PublishedIndicatorValues<>(values, closedPeriods),
        TypeInformation.of(IndicatorRecord.class));
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
      boolean current = value.periodKind().equals(IndicatorRecord.CURRENT);
      if (!current && closedPeriods == ClosedPeriods.EVERY_VALUE) {
        out.collect(value);
        continue;
      }
      String name =
          current
              ? value.indicator() + "|" + value.periodKind()
              : value.indicator() + "|" + value.periodKind() + "|" + value.periodEnd();
      Double[] published = {value.value(), value.numerator(), value.denominator()};
      Double[] last = lastPublished.get(name);
      if (last != null && Objects.deepEquals(last, published)) {
        continue;
      }
      if (last == null && !current) {
        // A key's values mostly share one period end, and a timer set again at its time is one.
        ctx.timerService().registerEventTimeTimer(value.periodEnd() + FORGET_AFTER.toMillis());
      }
      lastPublished.put(name, published);
      out.collect(value);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorRecord> out)
      throws Exception {
    List<String> forgotten = new ArrayList<>();
    for (Map.Entry<String, Double[]> e : lastPublished.entries()) {
      String name = e.getKey();
      int end = name.lastIndexOf('|');
      boolean closed = !name.endsWith("|" + IndicatorRecord.CURRENT);
      if (closed
          && Long.parseLong(name.substring(end + 1)) + FORGET_AFTER.toMillis() <= timestamp) {
        forgotten.add(name);
      }
    }
    for (String name : forgotten) {
      lastPublished.remove(name);
    }
  }
}
