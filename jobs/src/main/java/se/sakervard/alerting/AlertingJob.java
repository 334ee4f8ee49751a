package se.sakervard.alerting;

import java.io.IOException;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.sakervard.alerting.level.HereAndNowLevels;
import se.sakervard.alerting.level.RecentSeriousCareInjuries;
import se.sakervard.alerting.rules.AlertEvaluation;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.SourceRecord;

/**
 * The here-and-now level of every unit and hospital (docs/alerting.md, levels) and the alerts to
 * the on-call chief physician (§5), from what the indicator jobs publish and the deviation events.
 *
 * <p>Levels: the census's current occupancy, overcrowding and outlying (current-indicators topic)
 * and hygiene compliance over 30 days (indicators topic), the serious care injuries of the last 7
 * days (deviation events, {@link RecentSeriousCareInjuries}) and the open infection clusters
 * (infection-clusters topic) → {@link HereAndNowLevels} per place → ClickHouse {@code
 * here_and_now_levels} and the current-indicators topic ({@code alerting.here_and_now_level}).
 * Alerts: the rules watch indicator values, levels and events, with acknowledgements and silences
 * from the alert-actions topic ({@link AlertEvaluation}); critical notifications page through the
 * webhook, warnings wait for the region's digest; every step goes to {@code alert_audit}.
 */
public final class AlertingJob implements PipelineJob {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingJob.class);

  public static final String NAME = "alerting";
  public static final String LEVEL_INDICATOR = "alerting.here_and_now_level";

  private final RawKafkaSource indicators;
  private final RawKafkaSource currentIndicators;
  private final RawKafkaSource clusters;
  private final RawKafkaSource actions;
  private final RawKafkaSource deviations;
  private final AlertingSinks sinks;
  private final AlertingSettings settings;

  public AlertingJob(
      RawKafkaSource indicators,
      RawKafkaSource currentIndicators,
      RawKafkaSource clusters,
      RawKafkaSource actions,
      RawKafkaSource deviations,
      AlertingSinks sinks,
      AlertingSettings settings) {
    this.deviations = deviations;
    this.indicators = indicators;
    this.currentIndicators = currentIndicators;
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
    if (config.get(PipelineOptions.KAFKA_BOUNDED) && PipelineOptions.endOfInput(config) == null) {
      LOG.warn(
          "A bounded run without {}: how far event time gets before the end depends on which"
              + " input ends last. Set it to the instant the input ends (docs/alerting.md, \"Event"
              + " time\").",
          PipelineOptions.END_OF_INPUT.key());
    }
    return new AlertingJob(
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INDICATORS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_CURRENT_INDICATORS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INFECTION_CLUSTERS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_ALERT_ACTIONS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_DEVIATIONS)),
        AlertingSinks.production(config),
        AlertingSettings.from(config));
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    AlertingGraph.AlertingStreams streams =
        AlertingGraph.build(
            new AlertingGraph.RawInputs(
                read(env, indicators, "indicators"),
                read(env, currentIndicators, "current-indicators"),
                read(env, clusters, "infection-clusters"),
                read(env, actions, "alert-actions"),
                read(env, deviations, "deviation-events")),
            settings);
    streams
        .levels()
        .sinkTo(sinks.levels())
        .name("ClickHouse here_and_now_levels")
        .uid("alerting-levels-sink");
    streams
        .levelValues()
        .sinkTo(sinks.indicators())
        .name("Kafka indicators")
        .uid("alerting-indicators-sink");
    streams.audit().sinkTo(sinks.audit()).name("ClickHouse alert_audit").uid("alerting-audit-sink");
    streams
        .deadLetters()
        .sinkTo(sinks.deadLetters())
        .name("Kafka dead letters")
        .uid("alerting-dead-letters-sink");
  }

  private static DataStream<SourceRecord> read(
      StreamExecutionEnvironment env, RawKafkaSource source, String topic) {
    return source.read(env, topic).uid("alerting-" + topic + "-source");
  }
}
