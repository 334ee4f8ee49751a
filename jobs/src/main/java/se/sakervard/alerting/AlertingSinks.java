package se.sakervard.alerting;

import org.apache.flink.api.connector.sink2.Sink;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.sink.ClickHouseSink;

/** Where the alerting job writes; tests hand in their own sinks. */
public record AlertingSinks(
    Sink<LevelRow> levels,
    Sink<AlertStep> audit,
    Sink<IndicatorRecord> indicators,
    Sink<DeadLetterRecord> deadLetters) {

  public static AlertingSinks production(PipelineSettings settings) {
    return new AlertingSinks(
        ClickHouseSink.of(settings, AlertingTables.INSERT_LEVEL, AlertingTables.bindLevel()),
        ClickHouseSink.of(settings, AlertingTables.INSERT_AUDIT, AlertingTables.bindAudit()),
        IndicatorRecord.kafkaSink(settings),
        DeadLetters.kafkaSink(settings));
  }
}
