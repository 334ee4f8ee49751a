package se.sakervard.deviations;

import java.time.Clock;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.indicator.PublishedIndicatorValues;
import se.sakervard.core.indicator.PublishedIndicatorValues.ClosedPeriods;
import se.sakervard.core.ingest.Ingest;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.reference.UnitReferences;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.time.LocalCalendar;

/**
 * Deviation reports and lex Maria: Kafka ({@code deviation-events}) → decode and validate → drop
 * duplicates → each case's lifecycle in event time → per unit, hospital and region: monthly cohort
 * figures, the open backlog now and at each month's end, reports per day and classification, and
 * reports rolling 12 months → ClickHouse ({@code deviation_cases}, {@code deviation_monthly},
 * {@code deviation_backlog}, {@code deviation_backlog_month_end}, {@code deviation_daily}, {@code
 * deviation_reported_rolling}) and the indicators topic, with dead letters to Kafka.
 */
public final class DeviationJob implements PipelineJob {
  public static final String NAME = "deviations";

  private final RawKafkaSource source;
  private final ReferenceTopic units;
  private final DeviationSinks sinks;
  private final DeviationSettings settings;

  public DeviationJob(
      RawKafkaSource source,
      ReferenceTopic units,
      DeviationSinks sinks,
      DeviationSettings settings) {
    this.source = source;
    this.units = units;
    this.sinks = sinks;
    this.settings = settings;
  }

  /** The cases as their events add up, the monthly figures, and the dead letters. */
  public record DeviationStreams(
      DataStream<CaseFacts> cases,
      DataStream<MonthFigures> monthly,
      DataStream<BacklogFigures> backlog,
      DataStream<MonthEndFigures> backlogMonthEnds,
      DataStream<DailyCount> daily,
      DataStream<RollingReports> reportedRolling,
      DataStream<DeadLetterRecord> deadLetters) {}

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, DeviationJob::production);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The job reading the deviation topic and writing to ClickHouse and Kafka, as configured. */
  public static DeviationJob production(PipelineSettings config) {
    return new DeviationJob(
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_DEVIATIONS)),
        ReferenceTopic.read(config, NAME, config.get(PipelineOptions.TOPIC_UNITS)),
        DeviationSinks.production(config),
        DeviationSettings.from(config));
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    DataStream<SourceRecord> raw = source.read(env, "deviation-events").uid("deviations-source");
    DeviationStreams streams = build(raw, units, settings);
    streams
        .cases()
        .sinkTo(sinks.cases())
        .name("ClickHouse deviation_cases")
        .uid("deviation-cases-sink");
    streams
        .monthly()
        .sinkTo(sinks.monthly())
        .name("ClickHouse deviation_monthly")
        .uid("deviation-monthly-sink");
    streams
        .backlog()
        .sinkTo(sinks.backlog())
        .name("ClickHouse deviation_backlog")
        .uid("deviation-backlog-sink");
    streams
        .backlogMonthEnds()
        .sinkTo(sinks.backlogMonthEnd())
        .name("ClickHouse deviation_backlog_month_end")
        .uid("deviation-backlog-month-end-sink");
    streams
        .daily()
        .sinkTo(sinks.daily())
        .name("ClickHouse deviation_daily")
        .uid("deviation-daily-sink");
    streams
        .reportedRolling()
        .sinkTo(sinks.reportedRolling())
        .name("ClickHouse deviation_reported_rolling")
        .uid("deviation-reported-rolling-sink");
    LocalCalendar calendar = settings.calendar();
    // Month and backlog figures are recomputed on every case event and repeat most values: only
    // the changed ones go out, picked in the task that computed them (same key, no shuffle).
    DataStream<IndicatorRecord> monthlyValues =
        PublishedIndicatorValues.of(
                DataStreamUtils.reinterpretAsKeyedStream(streams.monthly(), MonthFigures::key),
                m -> DeviationIndicators.of(m, calendar),
                ClosedPeriods.ON_CHANGE)
            .name("Changed monthly indicator values")
            .uid("deviation-monthly-changed-values");
    DataStream<IndicatorRecord> backlogValues =
        PublishedIndicatorValues.of(
                DataStreamUtils.reinterpretAsKeyedStream(streams.backlog(), BacklogFigures::key),
                DeviationIndicators::of,
                ClosedPeriods.ON_CHANGE)
            .name("Changed backlog indicator values")
            .uid("deviation-backlog-changed-values");
    // A place's days come once, when each ends, and again when a late report changes their 12
    // months.
    DataStream<IndicatorRecord> rollingValues =
        PublishedIndicatorValues.of(
                DataStreamUtils.reinterpretAsKeyedStream(
                    streams.reportedRolling(), RollingReports::placeKey),
                r -> DeviationIndicators.of(r, calendar),
                ClosedPeriods.EVERY_VALUE)
            .name("Reported per day and 12 months indicator values")
            .uid("deviation-rolling-indicator-values");
    monthlyValues
        .union(backlogValues, rollingValues)
        .sinkTo(sinks.indicators())
        .name("Kafka indicators")
        .uid("deviation-indicators-sink");
    streams
        .deadLetters()
        .sinkTo(sinks.deadLetters())
        .name("Kafka dead letters")
        .uid("deviations-dead-letters-sink");
  }

  public static DeviationStreams build(
      DataStream<SourceRecord> raw, ReferenceTopic units, DeviationSettings settings) {
    UnitReferences reference = UnitReferences.decode(raw.getExecutionEnvironment(), units, NAME);
    Ingest.Admitted<DeviationInput> ingested =
        Ingest.admit(
            raw,
            NAME,
            "deviation events",
            "deviations",
            new DeviationDecoder(settings.ingest().maxFutureSkew(), Clock.systemUTC()),
            DeviationInput.class,
            settings.ingest());
    SingleOutputStreamOperator<DeviationInput> admitted = ingested.admitted();
    // A case is filed under its unit as at its report; later steps of the case (closed months
    // later, perhaps after the unit closed) follow the case, not the unit.
    SingleOutputStreamOperator<DeviationInput> reports =
        reference.place(
            admitted
                .filter(e -> e.kind() == DeviationInput.Kind.REPORTED)
                .name("Reports")
                .keyBy(DeviationInput::unitCode),
            DeviationInput::placedIn,
            settings.ingest().unknownUnitWait(),
            TypeInformation.of(DeviationInput.class));
    SingleOutputStreamOperator<CaseUpdate> updates =
        reports
            .union(
                admitted
                    .filter(e -> e.kind() != DeviationInput.Kind.REPORTED)
                    .name("Later steps of cases"))
            .keyBy(DeviationInput::caseRef)
            .process(
                new CaseLifecycle(settings.riskRule(), settings.caseRetention()),
                TypeInformation.of(CaseUpdate.class))
            .name("Case lifecycle")
            .uid("deviations-cases");
    LocalCalendar calendar = settings.calendar();
    DataStream<MonthFigures> monthly =
        updates
            .flatMap(
                (CaseUpdate u, Collector<MonthlyDelta> out) ->
                    MonthlyDelta.of(u, calendar).forEach(out::collect))
            .returns(MonthlyDelta.class)
            .name("Months each case counts in")
            .keyBy(MonthlyDelta::key)
            .process(
                new DeviationMonthly(
                    calendar, settings.caseRetention(), settings.ingest().allowedLateness()),
                TypeInformation.of(MonthFigures.class))
            .name("Monthly figures")
            .uid("deviations-monthly");
    DataStream<BacklogFigures> backlog =
        updates
            .flatMap(
                (CaseUpdate u, Collector<BacklogDelta> out) ->
                    BacklogDelta.of(u).forEach(out::collect))
            .returns(BacklogDelta.class)
            .name("Backlogs each case is in")
            .keyBy(BacklogDelta::key)
            .process(new OpenBacklog(), TypeInformation.of(BacklogFigures.class))
            .name("Open backlog")
            .uid("deviations-backlog");
    DataStream<MonthEndFigures> backlogMonthEnds =
        updates
            .flatMap(
                (CaseUpdate u, Collector<MonthEndDelta> out) ->
                    MonthEndDelta.of(u).forEach(out::collect))
            .returns(MonthEndDelta.class)
            .name("Month-end backlogs each case is in")
            .keyBy(MonthEndDelta::key)
            .process(
                new MonthEndBacklog(calendar, settings.ingest().allowedLateness()),
                TypeInformation.of(MonthEndFigures.class))
            .name("Backlog at each month's end")
            .uid("deviations-backlog-month-end");
    DataStream<ReportedDelta> reported =
        updates
            .flatMap(
                (CaseUpdate u, Collector<ReportedDelta> out) ->
                    ReportedDelta.of(u, calendar).forEach(out::collect))
            .returns(ReportedDelta.class)
            .name("Reports per day and classification");
    DataStream<DailyCount> daily =
        reported
            .keyBy(ReportedDelta::countKey)
            .process(
                new DailyReportCounts(
                    calendar, settings.caseRetention(), settings.ingest().allowedLateness()),
                TypeInformation.of(DailyCount.class))
            .name("Reported per day")
            .uid("deviations-daily");
    DataStream<RollingReports> reportedRolling =
        reported
            .filter(ReportedDelta::newReport)
            .name("New reports")
            .keyBy(ReportedDelta::placeKey)
            .process(
                RollingTwelveMonths.operator(calendar, settings.ingest().allowedLateness()),
                TypeInformation.of(RollingReports.class))
            .name("Reported, rolling 12 months")
            .uid("deviations-reported-rolling");
    return new DeviationStreams(
        updates.map(CaseUpdate::after).name("Case facts"),
        monthly,
        backlog,
        backlogMonthEnds,
        daily,
        reportedRolling,
        reference.withDeadLetters(
            ingested
                .deadLetters()
                .union(
                    reports.getSideOutput(DeadLetters.TAG),
                    updates.getSideOutput(DeadLetters.TAG))));
  }
}
