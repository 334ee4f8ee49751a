package se.sakervard.alerting;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import se.sakervard.alerting.NotificationGroups.Group;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.sink.IndicatorRecord;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.deviations.DeviationDecoder;
import se.sakervard.deviations.DeviationInput;
import se.sakervard.schemas.common.CareType;

/**
 * The here-and-now level of every unit and hospital (domain.md §4), from what the indicator jobs
 * publish: the census's current occupancy, overcrowding and outlying, the open serious care
 * injuries, hygiene compliance over 30 days (indicators topic) and the open infection clusters
 * (infection-clusters topic) → {@link HereAndNowLevels} per place → ClickHouse {@code
 * here_and_now_levels} and the indicators topic ({@code alerting.here_and_now_level}) whenever a
 * level or its reasons change. The alert rules build on these levels (issue 5, in progress).
 */
public final class AlertingJob implements PipelineJob {
  public static final String NAME = "alerting";
  public static final String LEVEL_INDICATOR = "alerting.here_and_now_level";

  private final Source<SourceRecord, ?, ?> indicators;
  private final Source<SourceRecord, ?, ?> clusters;
  private final Source<SourceRecord, ?, ?> actions;
  private final Source<SourceRecord, ?, ?> deviations;
  private final AlertingSinks sinks;
  private final AlertingSettings settings;

  public AlertingJob(
      Source<SourceRecord, ?, ?> indicators,
      Source<SourceRecord, ?, ?> clusters,
      Source<SourceRecord, ?, ?> actions,
      Source<SourceRecord, ?, ?> deviations,
      AlertingSinks sinks,
      AlertingSettings settings) {
    this.deviations = deviations;
    this.indicators = indicators;
    this.clusters = clusters;
    this.actions = actions;
    this.sinks = sinks;
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, AlertingJob::production);
  }

  @Override
  public String name() {
    return NAME;
  }

  public static AlertingJob production(PipelineSettings config) throws IOException {
    return new AlertingJob(
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INDICATORS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INFECTION_CLUSTERS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_ALERT_ACTIONS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_DEVIATIONS)),
        AlertingSinks.production(config),
        AlertingSettings.from(config));
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<IndicatorReading> readings =
        env.fromSource(indicators, WatermarkStrategy.noWatermarks(), "indicators")
            .uid("alerting-indicators-source")
            .process(
                new DecodeAndValidate<>(NAME, "indicators", new IndicatorDecoder()),
                TypeInformation.of(IndicatorReading.class))
            .name("Decode indicator values")
            .uid("alerting-decode-indicators");
    SingleOutputStreamOperator<LevelUpdate> clusterChanges =
        env.fromSource(clusters, WatermarkStrategy.noWatermarks(), "infection-clusters")
            .uid("alerting-clusters-source")
            .process(
                new DecodeAndValidate<>(NAME, "infection-clusters", new ClusterEventDecoder()),
                TypeInformation.of(LevelUpdate.class))
            .name("Decode cluster events")
            .uid("alerting-decode-clusters");
    // Event time at each input, so that a source without records (an idle split, or a finished
    // bounded one) does not hold the rules' timers back.
    DataStream<IndicatorReading> timedReadings =
        readings
            .assignTimestampsAndWatermarks(
                settings.<IndicatorReading>watermarks().withTimestampAssigner((r, t) -> r.at()))
            .name("Indicator watermarks")
            .uid("alerting-indicator-watermarks");
    DataStream<LevelUpdate> timedClusters =
        clusterChanges
            .assignTimestampsAndWatermarks(
                settings.<LevelUpdate>watermarks().withTimestampAssigner((u, t) -> u.at()))
            .name("Cluster watermarks")
            .uid("alerting-cluster-watermarks");
    DataStream<LevelUpdate> updates =
        timedReadings
            .map(LevelInputValue::of)
            .returns(LevelInputValue.class)
            .name("Level inputs")
            .filter(LevelInputValue::feedsALevel)
            .name("Values that feed a level")
            .map(LevelUpdate::of)
            .returns(LevelUpdate.class)
            .union(
                timedClusters
                    .flatMap(
                        (LevelUpdate u, Collector<LevelUpdate> out) -> {
                          out.collect(u);
                          out.collect(u.forHospital());
                        })
                    .returns(LevelUpdate.class)
                    .name("Clusters of the unit and of its hospital"));
    SingleOutputStreamOperator<LevelRow> levels =
        updates
            .keyBy(LevelUpdate::placeKey)
            .process(
                new HereAndNowLevels(settings.thresholds()), TypeInformation.of(LevelRow.class))
            .name("Here-and-now level per place")
            .uid("alerting-levels");
    levels
        .sinkTo(sinks.levels())
        .name("ClickHouse here_and_now_levels")
        .uid("alerting-levels-sink");
    levels
        .map(AlertingJob::indicator)
        .returns(IndicatorRecord.class)
        .name("Level indicator values")
        .sinkTo(sinks.indicators())
        .name("Kafka indicators")
        .uid("alerting-indicators-sink");
    List<AlertRule> rules = settings.rules();
    Map<String, AlertRule> byName = new HashMap<>();
    rules.forEach(r -> byName.put(r.name(), r));
    SingleOutputStreamOperator<AlertActionInput> actionInputs =
        env.fromSource(actions, WatermarkStrategy.noWatermarks(), "alert-actions")
            .uid("alerting-actions-source")
            .process(
                new DecodeAndValidate<>(
                    NAME, "alert-actions", new AlertActionDecoder(Set.copyOf(byName.keySet()))),
                TypeInformation.of(AlertActionInput.class))
            .name("Decode acknowledgements and silences")
            .uid("alerting-decode-actions");
    DataStream<RuleInput> actionsOnRules =
        actionInputs
            .assignTimestampsAndWatermarks(
                settings.<AlertActionInput>watermarks().withTimestampAssigner((a, t) -> a.at()))
            .name("Action watermarks")
            .uid("alerting-action-watermarks")
            .map(RuleInput::of)
            .returns(RuleInput.class)
            .name("Actions on alerts");
    SingleOutputStreamOperator<DeviationInput> deviationEvents =
        env.fromSource(deviations, WatermarkStrategy.noWatermarks(), "deviation-events")
            .uid("alerting-deviations-source")
            .process(
                new DecodeAndValidate<>(
                    NAME,
                    "deviation-events",
                    new DeviationDecoder(settings.maxFutureSkew(), Clock.systemUTC())),
                TypeInformation.of(DeviationInput.class))
            .name("Decode deviation events")
            .uid("alerting-decode-deviations");
    DataStream<RuleInput> events =
        deviationEvents
            .assignTimestampsAndWatermarks(
                settings
                    .<DeviationInput>watermarks()
                    .withTimestampAssigner((d, t) -> d.eventTime()))
            .name("Deviation watermarks")
            .uid("alerting-deviation-watermarks")
            .flatMap(
                (DeviationInput d, Collector<RuleInput> out) ->
                    EventInputs.of(d, rules).forEach(out::collect))
            .returns(RuleInput.class)
            .name("Deviation events the rules watch")
            .union(
                timedClusters
                    .flatMap(
                        (LevelUpdate u, Collector<RuleInput> out) ->
                            EventInputs.of(u, rules).forEach(out::collect))
                    .returns(RuleInput.class)
                    .name("Cluster events the rules watch"));
    SingleOutputStreamOperator<AlertStep> steps =
        timedReadings
            .flatMap(
                (IndicatorReading r, Collector<RuleInput> out) ->
                    RuleInput.of(r, rules).forEach(out::collect))
            .returns(RuleInput.class)
            .name("Indicator values the rules watch")
            .union(
                levels
                    .flatMap(
                        (LevelRow r, Collector<RuleInput> out) ->
                            RuleInput.of(r, rules).forEach(out::collect))
                    .returns(RuleInput.class)
                    .name("Levels the rules watch"),
                actionsOnRules,
                events)
            .keyBy(RuleInput::key)
            .process(
                new AlertEvaluation(byName, settings.timing()), TypeInformation.of(AlertStep.class))
            .name("Alert per rule and place")
            .uid("alerting-episodes");
    DataStream<AlertStep> audit = steps;
    DataStream<DeadLetterRecord> deadLetters =
        readings
            .getSideOutput(DeadLetters.TAG)
            .union(
                clusterChanges.getSideOutput(DeadLetters.TAG),
                actionInputs.getSideOutput(DeadLetters.TAG),
                deviationEvents.getSideOutput(DeadLetters.TAG));
    if (!settings.webhookUrl().isEmpty()) {
      DataStream<Group> pages =
          steps
              .keyBy(s -> s.place().hospitalCode())
              .process(
                  new HospitalNotifications(byName, settings.groupWait().toMillis()),
                  TypeInformation.of(Group.class))
              .name("Pages per hospital (inhibited, grouped)")
              .uid("alerting-pages");
      // Longer than the retries take: a page is never abandoned by the job while it is retried.
      long timeout = 2 * totalRetryMillis(settings.retry()) + 60_000;
      SingleOutputStreamOperator<PageOutcome> delivered =
          AsyncDataStream.orderedWait(
                  pages,
                  new PageDelivery(settings.webhookUrl(), settings.retry(), settings.roster()),
                  timeout,
                  TimeUnit.MILLISECONDS,
                  100)
              .name("Webhook delivery")
              .uid("alerting-webhook");
      audit =
          steps.union(
              delivered
                  .flatMap(
                      (PageOutcome o, Collector<AlertStep> out) ->
                          o.auditSteps().forEach(out::collect))
                  .returns(AlertStep.class)
                  .name("Delivery attempts and outcomes"));
      deadLetters =
          deadLetters.union(
              delivered
                  .filter(o -> !o.delivered())
                  .map(o -> o.deadLetter(NAME))
                  .returns(DeadLetterRecord.class)
                  .name("Pages never delivered"));
    }
    if (settings.digest() != null) {
      audit =
          audit.union(
              steps
                  .keyBy(s -> s.place().regionCode())
                  .process(
                      new RegionDigests(
                          byName, settings.digest(), settings.zone(), settings.digestTime()),
                      TypeInformation.of(AlertStep.class))
                  .name("Digest of warnings per region")
                  .uid("alerting-digest"));
    }
    audit.sinkTo(sinks.audit()).name("ClickHouse alert_audit").uid("alerting-audit-sink");
    deadLetters
        .sinkTo(sinks.deadLetters())
        .name("Kafka dead letters")
        .uid("alerting-dead-letters-sink");
  }

  private static long totalRetryMillis(RetryPolicy retry) {
    long total = 0;
    for (int attempt = 2; attempt <= retry.maxAttempts(); attempt++) {
      total += retry.backoffBefore(attempt).toMillis() + 10_000;
    }
    return total;
  }

  static IndicatorRecord indicator(LevelRow r) {
    return new IndicatorRecord(
        LEVEL_INDICATOR,
        r.place().level(),
        r.place().regionCode(),
        r.place().hospitalCode(),
        r.place().unitCode(),
        CareType.SOMATIC,
        "CURRENT",
        r.asOf(),
        r.asOf(),
        (double) r.level(),
        null,
        null,
        r.version());
  }
}
