package se.sakervard.census;

import org.apache.flink.api.connector.sink2.Sink;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.sink.ClickHouseSink;

/**
 * Where the census job writes; the graph test collects {@link CensusJob#build}'s streams instead.
 */
public record CensusSinks(
    Sink<CensusFigures> current,
    Sink<CensusFigures> periods,
    Sink<IndicatorRecord> indicators,
    Sink<DeadLetterRecord> deadLetters) {

  /** ClickHouse tables, the indicators topic and the dead-letter topic. */
  public static CensusSinks production(PipelineSettings settings) {
    return new CensusSinks(
        ClickHouseSink.newestPerKey(
            settings,
            CensusTables.INSERT_CURRENT,
            CensusTables.bindCurrent(),
            CensusFigures::placeKey,
            CensusFigures::version),
        ClickHouseSink.of(settings, CensusTables.INSERT_FIGURES, CensusTables.bindFigures()),
        IndicatorRecord.kafkaSink(settings),
        DeadLetters.kafkaSink(settings));
  }
}
