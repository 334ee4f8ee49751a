package se.sakervard.deviations;

import org.apache.flink.api.connector.sink2.Sink;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.sink.ClickHouseSink;

/** Where the deviation job writes; tests hand in their own sinks. */
public record DeviationSinks(
    Sink<CaseFacts> cases,
    Sink<MonthFigures> monthly,
    Sink<BacklogFigures> backlog,
    Sink<MonthEndFigures> backlogMonthEnd,
    Sink<DailyCount> daily,
    Sink<RollingReports> reportedRolling,
    Sink<IndicatorRecord> indicators,
    Sink<DeadLetterRecord> deadLetters) {

  /** ClickHouse tables, the indicators topic and the dead-letter topic. */
  public static DeviationSinks production(PipelineSettings settings) {
    return new DeviationSinks(
        ClickHouseSink.of(settings, DeviationTables.INSERT_CASES, DeviationTables.bindCases()),
        ClickHouseSink.of(
            settings,
            DeviationTables.INSERT_MONTHLY,
            DeviationTables.bindMonthly(settings.get(PipelineOptions.ZONE))),
        ClickHouseSink.of(settings, DeviationTables.INSERT_BACKLOG, DeviationTables.bindBacklog()),
        ClickHouseSink.of(
            settings,
            DeviationTables.INSERT_BACKLOG_MONTH_END,
            DeviationTables.bindBacklogMonthEnd(settings.get(PipelineOptions.ZONE))),
        ClickHouseSink.of(settings, DeviationTables.INSERT_DAILY, DeviationTables.bindDaily()),
        ClickHouseSink.of(
            settings,
            DeviationTables.INSERT_REPORTED_ROLLING,
            DeviationTables.bindReportedRolling()),
        IndicatorRecord.kafkaSink(settings),
        DeadLetters.kafkaSink(settings));
  }
}
