package se.sakervard.census;

import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.sink.IndicatorRecord;

/**
 * The census figures' values for the indicators topic ({@link CensusIndicators}), where a CURRENT
 * value goes out only when it differs from the last one published for its place: in value,
 * numerator or beds. Most events change a place's occupancy but not its overcrowding or outlying
 * rate, and a repeated value tells a reader nothing (alerting judges the step function between
 * values on event-time timers): of the three CURRENT values per place and event, usually only
 * occupancy is new. Closed periods all go out.
 *
 * <p>Keyed by place and care type ({@link #PLACE}).
 */
public final class IndicatorValuesOnChange
    extends KeyedProcessFunction<String, CensusFigures, IndicatorRecord> {
  public static final KeySelector<CensusFigures, String> PLACE = CensusFigures::placeKey;

  // Per indicator: the value, numerator and denominator last published as CURRENT.
  private transient MapState<String, Double[]> lastCurrent;

  @Override
  public void open(OpenContext openContext) {
    lastCurrent =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "last-current", Types.STRING, BasicArrayTypeInfo.DOUBLE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(CensusFigures f, Context ctx, Collector<IndicatorRecord> out)
      throws Exception {
    for (IndicatorRecord value : CensusIndicators.of(f)) {
      if (f.kind() != PeriodKind.CURRENT) {
        out.collect(value);
        continue;
      }
      Double[] published = {value.value(), value.numerator(), value.denominator()};
      Double[] last = lastCurrent.get(value.indicator());
      if (last == null || !Objects.deepEquals(last, published)) {
        lastCurrent.put(value.indicator(), published);
        out.collect(value);
      }
    }
  }
}
