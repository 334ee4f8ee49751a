package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.InMemoryTopic;
import se.sakervard.testing.MiniClusters;

/**
 * The alerting graph ({@link AlertingGraph#build}) on in-memory sources, without Kafka or
 * ClickHouse. Hospital G3-H1 at 10:00: occupancy 97 % (level 2 from 92.5 %) and overcrowding 12 per
 * 100 beds (level 3 from 10) → level 3, overcrowding the reason; a record that is no indicator
 * value at all → a MALFORMED dead letter. The level goes to the indicators topic as the value 3.
 */
class AlertingGraphTest {
  // A cluster that outlives the job, so the collected streams are read after it ends.
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final Instant T10 = Instant.parse("2026-03-02T09:00:00Z");
  private static final byte[] GARBAGE = {7, 7, 7};

  @Test
  void shouldTurnIndicatorValuesIntoAHospitalsLevelAndItsValue() throws Exception {
    Place hospital = Place.hospital("G3", "G3-H1");
    InMemoryTopic current =
        InMemoryTopic.named("current-indicators")
            .add(value(hospital, "census.occupancy_percent", 97.0))
            .add(value(hospital, "census.overcrowding_per_100_beds", 12.0))
            .add(GARBAGE);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);

    AlertingGraph.AlertingStreams streams =
        AlertingGraph.build(
            new AlertingGraph.RawInputs(
                garbage(env, "indicators"),
                current.read(env),
                garbage(env, "infection-clusters"),
                garbage(env, "alert-actions"),
                garbage(env, "deviation-events")),
            AlertingSettings.from(PipelineSettings.of(Map.of("kafka.bounded", "true"))));
    CloseableIterator<LevelRow> levels = streams.levels().collectAsync();
    CloseableIterator<IndicatorRecord> values = streams.levelValues().collectAsync();
    CloseableIterator<DeadLetterRecord> deadLetters = streams.deadLetters().collectAsync();
    env.execute("alerting graph");

    List<LevelRow> rows = new ArrayList<>();
    levels.forEachRemaining(rows::add);
    LevelRow newest =
        rows.stream()
            .filter(r -> r.place().equals(hospital))
            .max(Comparator.comparingLong(LevelRow::version))
            .orElseThrow();
    assertThat(newest.level()).isEqualTo(3);
    assertThat(newest.reasons()).anyMatch(r -> r.contains("overcrowding"));
    List<IndicatorRecord> published = new ArrayList<>();
    values.forEachRemaining(published::add);
    assertThat(published)
        .filteredOn(v -> v.hospitalCode().equals("G3-H1") && v.level() == Level.HOSPITAL)
        .last()
        .extracting(IndicatorRecord::indicator, IndicatorRecord::value)
        .containsExactly(AlertingJob.LEVEL_INDICATOR, 3.0);
    List<String> dead = new ArrayList<>();
    deadLetters.forEachRemaining(d -> dead.add(d.reason() + " " + d.sourceTopic()));
    assertThat(dead)
        .containsExactlyInAnyOrder(
            DeadLetterReason.MALFORMED + " indicators",
            DeadLetterReason.MALFORMED + " current-indicators",
            DeadLetterReason.MALFORMED + " infection-clusters",
            DeadLetterReason.MALFORMED + " alert-actions",
            DeadLetterReason.MALFORMED + " deviation-events");
  }

  private static byte[] value(Place place, String indicator, double value) {
    return AlertingRuns.indicator(
            "current-indicators", indicator, place, CareType.SOMATIC, "CURRENT", T10, value, null)
        .value();
  }

  /** An input holding only bytes that are no record. */
  private static DataStream<SourceRecord> garbage(StreamExecutionEnvironment env, String topic) {
    return InMemoryTopic.named(topic).add(GARBAGE).read(env);
  }
}
