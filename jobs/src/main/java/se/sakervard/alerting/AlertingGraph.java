package se.sakervard.alerting;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import se.sakervard.alerting.input.AlertActionDecoder;
import se.sakervard.alerting.input.AlertActionInput;
import se.sakervard.alerting.input.ClusterEventDecoder;
import se.sakervard.alerting.input.EventInputs;
import se.sakervard.alerting.input.IndicatorDecoder;
import se.sakervard.alerting.input.IndicatorReading;
import se.sakervard.alerting.level.HereAndNowLevels;
import se.sakervard.alerting.level.HospitalLevels;
import se.sakervard.alerting.level.LevelInputValue;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.level.LevelUpdate;
import se.sakervard.alerting.level.RecentSeriousCareInjuries;
import se.sakervard.alerting.notify.HospitalNotifications;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.PageDelivery;
import se.sakervard.alerting.notify.PageOutcome;
import se.sakervard.alerting.notify.PagePayload;
import se.sakervard.alerting.notify.RegionDigests;
import se.sakervard.alerting.notify.RetryPolicy;
import se.sakervard.alerting.rules.AlertEvaluation;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.RuleInput;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.core.indicator.PublishedIndicatorValues;
import se.sakervard.core.indicator.PublishedIndicatorValues.ClosedPeriods;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.ingest.EventTimeWatermarks;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.deviations.DeviationDecoder;
import se.sakervard.deviations.DeviationInput;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;

/**
 * The alerting job's graph ({@link AlertingJob}): from the raw records of its five inputs to the
 * levels, the level values, the audit steps (alerts, deliveries, digests) and the dead letters.
 * Tests build it on in-memory sources ({@link #build}); the job adds the Kafka sources and the
 * sinks.
 */
public final class AlertingGraph {
  /** The raw records of the job's inputs, each read by the subtasks that decode it. */
  public record RawInputs(
      DataStream<SourceRecord> indicators,
      DataStream<SourceRecord> currentIndicators,
      DataStream<SourceRecord> clusters,
      DataStream<SourceRecord> actions,
      DataStream<SourceRecord> deviations) {}

  /** What the graph produces, for the job's sinks. */
  public record AlertingStreams(
      DataStream<LevelRow> levels,
      DataStream<IndicatorRecord> levelValues,
      DataStream<AlertStep> audit,
      DataStream<DeadLetterRecord> deadLetters) {}

  private final AlertingSettings settings;

  private AlertingGraph(AlertingSettings settings) {
    this.settings = settings;
  }

  /** The job's graph on its raw inputs, without sources or sinks. */
  public static AlertingStreams build(RawInputs raw, AlertingSettings settings) {
    return new AlertingGraph(settings).build(raw);
  }

  private AlertingStreams build(RawInputs raw) {
    Map<String, AlertRule> rules = new HashMap<>();
    settings.rules().forEach(r -> rules.put(r.name(), r));
    SingleOutputStreamOperator<IndicatorReading> readings =
        decoded(raw.indicators(), "indicators", new IndicatorDecoder(), IndicatorReading.class);
    SingleOutputStreamOperator<IndicatorReading> currentReadings =
        decoded(
            raw.currentIndicators(),
            "current-indicators",
            new IndicatorDecoder(),
            IndicatorReading.class);
    SingleOutputStreamOperator<LevelUpdate> clusterChanges =
        decoded(raw.clusters(), "infection-clusters", new ClusterEventDecoder(), LevelUpdate.class);
    SingleOutputStreamOperator<AlertActionInput> actionInputs =
        decoded(
            raw.actions(),
            "alert-actions",
            new AlertActionDecoder(Set.copyOf(rules.keySet())),
            AlertActionInput.class);
    SingleOutputStreamOperator<DeviationInput> deviationEvents =
        decoded(
            raw.deviations(),
            "deviation-events",
            new DeviationDecoder(settings.maxFutureSkew(), Clock.systemUTC()),
            DeviationInput.class);
    // Event time at each input, so that a source without records (an idle split, or a finished
    // bounded one) does not hold the rules' timers back. Every step up to the keyed operators runs
    // in the subtask that read the record: a rebalance in between would let a place's later value
    // overtake an earlier one on the way to its keyed state.
    // The job's own level values come back (CURRENT, on the current-indicators topic): they feed
    // nothing here, and left in they would hold that input's event time at the job's own lagging
    // output.
    DataStream<IndicatorReading> timedReadings =
        othersOnly(readings, "indicators").union(othersOnly(currentReadings, "current-indicators"));
    DataStream<LevelUpdate> timedClusters = timed(clusterChanges, LevelUpdate::at, "clusters");
    DataStream<AlertActionInput> timedActions =
        timed(actionInputs, AlertActionInput::at, "actions");
    DataStream<DeviationInput> timedDeviations =
        timed(deviationEvents, DeviationInput::eventTime, "deviations");

    DataStream<LevelRow> levels = levels(timedReadings, timedClusters, timedDeviations);
    DataStream<AlertStep> steps =
        steps(rules, timedReadings, timedClusters, timedActions, timedDeviations, levels);
    DataStream<AlertStep> audit = steps;
    DataStream<DeadLetterRecord> deadLetters =
        readings
            .getSideOutput(DeadLetters.TAG)
            .union(
                currentReadings.getSideOutput(DeadLetters.TAG),
                clusterChanges.getSideOutput(DeadLetters.TAG),
                actionInputs.getSideOutput(DeadLetters.TAG),
                deviationEvents.getSideOutput(DeadLetters.TAG));
    if (!settings.webhookUrl().isEmpty()) {
      DataStream<PageOutcome> pages = pages(rules, steps, levels);
      audit =
          audit.union(
              pages
                  .flatMap(
                      (PageOutcome o, Collector<AlertStep> out) ->
                          o.auditSteps().forEach(out::collect))
                  .returns(AlertStep.class)
                  .name("Delivery attempts and outcomes"));
      deadLetters =
          deadLetters.union(
              pages
                  .filter(o -> !o.delivered())
                  .map(o -> o.deadLetter(AlertingJob.NAME))
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
                          rules, settings.digest(), settings.zone(), settings.digestTime()),
                      TypeInformation.of(AlertStep.class))
                  .name("Digest of warnings and open alerts per region")
                  .uid("alerting-digest"));
    }
    return new AlertingStreams(levels, levelValues(levels), audit, deadLetters);
  }

  /**
   * One topic's records decoded and validated; the rejected ones on the dead-letter side output.
   */
  private static <T> SingleOutputStreamOperator<T> decoded(
      DataStream<SourceRecord> raw, String topic, RecordDecoder<T> decoder, Class<T> type) {
    // Up to event time in the subtask that read the record: it then follows each split's order.
    return raw.process(
            new DecodeAndValidate<>(AlertingJob.NAME, topic, decoder), TypeInformation.of(type))
        .name("Decode " + topic)
        .uid("alerting-decode-" + topic)
        .setParallelism(raw.getParallelism());
  }

  /** Other jobs' values of one topic, in event time. */
  private DataStream<IndicatorReading> othersOnly(
      SingleOutputStreamOperator<IndicatorReading> readings, String topic) {
    return timed(
        readings
            .filter(r -> !r.indicator().equals(AlertingJob.LEVEL_INDICATOR))
            .name("Other jobs' " + topic)
            .setParallelism(readings.getParallelism()),
        IndicatorReading::at,
        topic);
  }

  /**
   * Event time trails the newest input by the out-of-orderness bound and moves only with events;
   * its progress is kept in state, so a restored job goes on from the event time it had, and a
   * bounded run's time ends at its end of input (EventTimeWatermarks).
   */
  private <T> DataStream<T> timed(
      SingleOutputStreamOperator<T> input, SerializableFunction<T, Long> eventTime, String what) {
    return EventTimeWatermarks.assign(
            input,
            input.getType(),
            eventTime,
            settings.maxOutOfOrderness(),
            settings.idleTimeout(),
            settings.endOfInput(),
            what)
        .uid("alerting-" + what + "-watermarks")
        .setParallelism(input.getParallelism());
  }

  /** Each place's level, written to ClickHouse and the indicators topic whenever it changes. */
  private DataStream<LevelRow> levels(
      DataStream<IndicatorReading> readings,
      DataStream<LevelUpdate> clusterChanges,
      DataStream<DeviationInput> deviationEvents) {
    DataStream<LevelUpdate> updates =
        readings
            .map(LevelInputValue::of)
            .returns(LevelInputValue.class)
            .name("Level inputs")
            .setParallelism(readings.getParallelism())
            .filter(LevelInputValue::feedsALevel)
            .name("Values that feed a level")
            .setParallelism(readings.getParallelism())
            .map(LevelUpdate::of)
            .returns(LevelUpdate.class)
            .setParallelism(readings.getParallelism())
            .union(
                clusterChanges
                    .flatMap(
                        (LevelUpdate u, Collector<LevelUpdate> out) -> {
                          out.collect(u);
                          out.collect(u.forHospital());
                        })
                    .returns(LevelUpdate.class)
                    .name("Clusters of the unit and of its hospital")
                    .setParallelism(clusterChanges.getParallelism()),
                deviationEvents
                    .flatMap(
                        (DeviationInput d, Collector<RecentSeriousCareInjuries.Classified> out) ->
                            RecentSeriousCareInjuries.of(d).forEach(out::collect))
                    .returns(RecentSeriousCareInjuries.Classified.class)
                    .name("Serious care injuries of the unit and of its hospital")
                    .setParallelism(deviationEvents.getParallelism())
                    .keyBy(RecentSeriousCareInjuries.Classified::placeKey)
                    .process(new RecentSeriousCareInjuries(), TypeInformation.of(LevelUpdate.class))
                    .name("Serious care injuries in 7 days per place")
                    .uid("alerting-serious-care-injuries-7-days"));
    SingleOutputStreamOperator<LevelRow> placeLevels =
        updates
            .keyBy(LevelUpdate::placeKey)
            .process(
                new HereAndNowLevels(settings.thresholds()), TypeInformation.of(LevelRow.class))
            .name("Here-and-now level per place")
            .uid("alerting-levels");
    // A hospital's level is the worse of its own figures' and its units' (HospitalUnitsLevel).
    DataStream<LevelRow> levels =
        placeLevels
            .filter(r -> r.place().level() == Level.UNIT)
            .name("Units' levels")
            .union(
                placeLevels
                    .keyBy(HospitalLevels::hospitalKey)
                    .process(
                        new HospitalLevels(settings.thresholds().hospitalUnits()),
                        TypeInformation.of(LevelRow.class))
                    .name("Hospital level with its units")
                    .uid("alerting-hospital-levels"));
    return levels;
  }

  /** The levels as values of the level indicator, each published when it changes. */
  private static DataStream<IndicatorRecord> levelValues(DataStream<LevelRow> levels) {
    return PublishedIndicatorValues.of(
            levels.keyBy(
                r ->
                    PlaceKey.of(
                        r.place().level(),
                        r.place().regionCode(),
                        r.place().hospitalCode(),
                        r.place().unitCode())),
            r -> List.of(indicator(r)),
            ClosedPeriods.EVERY_VALUE)
        .name("Level indicator values (on change)")
        .uid("alerting-level-indicator-values");
  }

  /** Every rule's alert per place, step by step, with the acknowledgements and silences. */
  private DataStream<AlertStep> steps(
      Map<String, AlertRule> rules,
      DataStream<IndicatorReading> readings,
      DataStream<LevelUpdate> clusterChanges,
      DataStream<AlertActionInput> actions,
      DataStream<DeviationInput> deviationEvents,
      DataStream<LevelRow> levels) {
    List<AlertRule> all = settings.rules();
    return readings
        .flatMap(
            (IndicatorReading r, Collector<RuleInput> out) ->
                RuleInput.of(r, all).forEach(out::collect))
        .returns(RuleInput.class)
        .name("Indicator values the rules watch")
        .setParallelism(readings.getParallelism())
        .union(
            levels
                .flatMap(
                    (LevelRow r, Collector<RuleInput> out) ->
                        RuleInput.of(r, all).forEach(out::collect))
                .returns(RuleInput.class)
                .name("Levels the rules watch"),
            actions
                .map(RuleInput::of)
                .returns(RuleInput.class)
                .name("Actions on alerts")
                .setParallelism(actions.getParallelism()),
            deviationEvents
                .flatMap(
                    (DeviationInput d, Collector<RuleInput> out) ->
                        EventInputs.of(d, all).forEach(out::collect))
                .returns(RuleInput.class)
                .name("Deviation events the rules watch")
                .setParallelism(deviationEvents.getParallelism()),
            clusterChanges
                .flatMap(
                    (LevelUpdate u, Collector<RuleInput> out) ->
                        EventInputs.of(u, all).forEach(out::collect))
                .returns(RuleInput.class)
                .name("Cluster events the rules watch")
                .setParallelism(clusterChanges.getParallelism()))
        .keyBy(RuleInput::key)
        .process(new AlertEvaluation(rules, settings.timing()), TypeInformation.of(AlertStep.class))
        .name("Alert per rule and place")
        .uid("alerting-episodes");
  }

  /**
   * The critical notifications, inhibited, grouped per hospital with the units behind them, and
   * sent to the webhook.
   */
  private DataStream<PageOutcome> pages(
      Map<String, AlertRule> rules, DataStream<AlertStep> steps, DataStream<LevelRow> levels) {
    DataStream<Group> groups =
        steps
            .keyBy(s -> s.place().hospitalCode())
            .connect(levels.keyBy(r -> r.place().hospitalCode()))
            .process(
                new HospitalNotifications(rules, settings.groupWait().toMillis()),
                TypeInformation.of(Group.class))
            .name("Pages per hospital (inhibited, grouped)")
            .uid("alerting-pages");
    // Longer than the retries take: a page is never abandoned by the job while it is retried.
    long timeout = 2 * totalRetryMillis(settings.retry()) + 60_000;
    return AsyncDataStream.orderedWait(
            groups,
            new PageDelivery(
                settings.webhookUrl(),
                settings.retry(),
                settings.roster(),
                new PagePayload.Reading(
                    settings.placeNames(), settings.zone(), settings.boardUrl())),
            timeout,
            TimeUnit.MILLISECONDS,
            100)
        .name("Webhook delivery")
        .uid("alerting-webhook");
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
        AlertingJob.LEVEL_INDICATOR,
        r.place().level(),
        r.place().regionCode(),
        r.place().hospitalCode(),
        r.place().unitCode(),
        CareType.SOMATIC,
        IndicatorRecord.CURRENT,
        r.asOf(),
        r.asOf(),
        (double) r.level(),
        null,
        null,
        r.version());
  }
}
