package se.sakervard.alerting;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.sink.IndicatorRecord;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.common.CareType;

/**
 * The here-and-now level of every unit and hospital (domain.md §4), from what the indicator jobs
 * publish: the census's current occupancy, overcrowding and outlying, the open serious care
 * injuries, hygiene compliance over 30 days (indicators topic) and the open infection clusters
 * (infection-clusters topic) → {@link HereAndNowLevels} per place → ClickHouse {@code
 * here_and_now_levels} and the indicators topic ({@code alerting.here_and_now_level}) whenever a
 * level or its reasons change. The alert rules build on these levels (issue 5, in progress).
 */
public final class AlertingJob {
  public static final String NAME = "alerting";
  public static final String LEVEL_INDICATOR = "alerting.here_and_now_level";

  private final Source<SourceRecord, ?, ?> indicators;
  private final Source<SourceRecord, ?, ?> clusters;
  private final AlertingSinks sinks;
  private final LevelThresholds thresholds;

  public AlertingJob(
      Source<SourceRecord, ?, ?> indicators,
      Source<SourceRecord, ?, ?> clusters,
      AlertingSinks sinks,
      LevelThresholds thresholds) {
    this.indicators = indicators;
    this.clusters = clusters;
    this.sinks = sinks;
    this.thresholds = thresholds;
  }

  public static void main(String[] args) throws Exception {
    PipelineSettings config = PipelineSettings.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(config.get(PipelineOptions.CHECKPOINT_INTERVAL).toMillis());
    production(config).execute(env);
  }

  public static AlertingJob production(PipelineSettings config) throws IOException {
    return new AlertingJob(
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INDICATORS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INFECTION_CLUSTERS)),
        AlertingSinks.production(config),
        thresholds(config.get(PipelineOptions.ALERTING_LEVEL_THRESHOLDS)));
  }

  /** The level thresholds of a file of {@code level.*} keys, or the defaults for an empty path. */
  static LevelThresholds thresholds(String file) throws IOException {
    if (file.isEmpty()) {
      return LevelThresholds.defaults();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> values = new HashMap<>();
    p.forEach((k, v) -> values.put(k.toString(), v.toString().trim()));
    return LevelThresholds.from(values);
  }

  public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    attachTo(env);
    return env.execute("sakervard-" + NAME);
  }

  /** Adds the job's graph to {@code env} without running it. */
  public void attachTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<LevelInputValue> values =
        env.fromSource(indicators, WatermarkStrategy.noWatermarks(), "indicators (level inputs)")
            .uid("alerting-indicators-source")
            .process(
                new DecodeAndValidate<>(NAME, "indicators", new LevelInputDecoder()),
                TypeInformation.of(LevelInputValue.class))
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
    DataStream<LevelUpdate> updates =
        values
            .filter(LevelInputValue::feedsALevel)
            .name("Values that feed a level")
            .map(LevelUpdate::of)
            .returns(LevelUpdate.class)
            .union(
                clusterChanges
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
            .process(new HereAndNowLevels(thresholds), TypeInformation.of(LevelRow.class))
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
    values
        .getSideOutput(DeadLetters.TAG)
        .union(clusterChanges.getSideOutput(DeadLetters.TAG))
        .sinkTo(sinks.deadLetters())
        .name("Kafka dead letters")
        .uid("alerting-dead-letters-sink");
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
