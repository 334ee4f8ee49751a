package se.sakervard.core.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * A compacted reference topic (docs/reference-data.md): read whole when the job is submitted, so
 * that every event is judged against the reference data as it stood at the start, whatever the
 * speed of the sources; then, unless {@link PipelineOptions#KAFKA_BOUNDED} is set, the records
 * published since follow as a stream of updates.
 *
 * <p>The updates carry no event time of their own: their watermark is the end of time from the
 * first emission on, so that an operator joined with them runs on its events' event time alone.
 * (Held back until the reference topic was read, a bounded run's event time would jump from nothing
 * to the end when the events finished first, and no period would close.)
 */
public final class ReferenceTopic {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final PipelineSettings settings;
  private final String job;
  private final String topic;
  private final List<SourceRecord> atStart;
  private final Map<TopicPartition, Long> endOffsets;

  private ReferenceTopic(
      PipelineSettings settings,
      String job,
      String topic,
      List<SourceRecord> atStart,
      Map<TopicPartition, Long> endOffsets) {
    this.settings = settings;
    this.job = job;
    this.topic = topic;
    this.atStart = atStart;
    this.endOffsets = endOffsets;
  }

  /** Reads {@code topic} to its end now; a missing topic fails the submission. */
  public static ReferenceTopic read(PipelineSettings settings, String job, String topic) {
    RawKafkaSource.partitionsOf(settings, topic);
    Properties props = new Properties();
    props.putAll(settings.kafkaClientProperties());
    props.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<SourceRecord> records = new ArrayList<>();
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, READ_TIMEOUT)) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ends = new HashMap<>(consumer.endOffsets(partitions, READ_TIMEOUT));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!caughtUp(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read reference topic '"
                  + topic
                  + "' to its end within "
                  + READ_TIMEOUT
                  + "; check kafka.bootstrap-servers and the broker");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(new SourceRecord(r.topic(), r.partition(), r.offset(), r.value()));
          }
        }
      }
    }
    return new ReferenceTopic(settings, job, topic, List.copyOf(records), ends);
  }

  /**
   * A reference topic that holds {@code records} and gets no updates, as a bounded run reads it:
   * for tests that build a job's graph on in-memory sources.
   */
  public static ReferenceTopic of(String topic, List<SourceRecord> records) {
    return new ReferenceTopic(
        PipelineSettings.of(Map.of(PipelineOptions.KAFKA_BOUNDED.key(), "true")),
        "",
        topic,
        List.copyOf(records),
        Map.of());
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The topic's records as they stood when the job was submitted, in offset order. */
  public List<SourceRecord> atStart() {
    return atStart;
  }

  /** The records published since the start, read by one subtask; null for a bounded run. */
  public DataStream<SourceRecord> updates(StreamExecutionEnvironment env) {
    if (settings.get(PipelineOptions.KAFKA_BOUNDED)) {
      return null;
    }
    KafkaSource<SourceRecord> source =
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setTopics(topic)
            .setGroupId(RawKafkaSource.groupId(settings, job) + "-" + topic)
            .setStartingOffsets(OffsetsInitializer.offsets(endOffsets))
            .setDeserializer(new RawKafkaSource.Deserializer())
            .setProperty("commit.offsets.on.checkpoint", "false")
            .setProperties(kafkaProperties())
            .build();
    return env.fromSource(
            source,
            WatermarkStrategy.<SourceRecord>forGenerator(context -> new EndOfTime()),
            topic + " (updates)")
        .setParallelism(1)
        .uid(job + "-" + topic + "-updates");
  }

  private Properties kafkaProperties() {
    Properties props = new Properties();
    props.putAll(settings.kafkaClientProperties());
    return props;
  }

  /** No event time: the watermark is the end of time from the first periodic emission. */
  private static final class EndOfTime implements WatermarkGenerator<SourceRecord> {
    @Override
    public void onEvent(SourceRecord event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
  }
}
