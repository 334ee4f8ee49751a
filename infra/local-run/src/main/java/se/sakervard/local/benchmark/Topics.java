package se.sakervard.local.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import se.sakervard.local.LocalPipeline;
import se.sakervard.local.ProgressLine;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulatedRecord;

/** The benchmark's topics: simulated records fed to them, and what is on them read back. */
final class Topics {
  private Topics() {}

  /** What is done with each record read. */
  interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record);
  }

  /**
   * Sends the records to the topic at {@code speed} simulated seconds per second (infinite: as fast
   * as the broker takes them), reporting progress every 5 s; returns how many were sent.
   */
  static long feed(
      LocalPipeline pipeline,
      String topic,
      Iterator<SimulatedRecord> records,
      double speed,
      SimulatedPeriod period)
      throws InterruptedException {
    try (KafkaFeeder feeder = KafkaFeeder.connect(pipeline.bootstrapServers(), topic)) {
      Timer progress = new Timer(5_000);
      return feeder.feed(
          records,
          speed,
          period.start(),
          p -> {
            if (progress.due()) {
              BenchmarkReport.say(
                  "      " + ProgressLine.ofFeed(p, period.start(), period.duration(), false));
            }
          });
    }
  }

  /** The records on a topic: the sum of its partitions' end offsets. */
  static long recordsIn(String bootstrap, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * When each record of a topic was first sent (its timestamp, set by the producer), by the key
   * {@code keyOf} gives it; records without a key (null) are passed over.
   */
  static <K> Map<K, Long> firstSent(
      LocalPipeline pipeline, String topic, Function<ConsumerRecord<byte[], byte[]>, K> keyOf) {
    Map<K, Long> sentAt = new HashMap<>();
    readTopic(
        pipeline,
        topic,
        r -> {
          K key = keyOf.apply(r);
          if (key != null) {
            sentAt.merge(key, r.timestamp(), Math::min);
          }
        });
    return sentAt;
  }

  /** Reads every partition of a topic to its end. */
  static void readTopic(LocalPipeline pipeline, String topic, RecordHandler handler) {
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      readToEnd(pipeline.bootstrapServers(), new TopicPartition(topic, partition), handler);
    }
  }

  /** Reads one partition from its beginning to the end it has when the reading starts. */
  static void readToEnd(String bootstrap, TopicPartition partition, RecordHandler handler) {
    readFrom(bootstrap, partition, 0, handler);
  }

  /** Every partition's end offset now: where a later {@link #readFrom} starts. */
  static Map<TopicPartition, Long> endOffsets(String bootstrap, List<String> topics) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(
                  t ->
                      consumer.partitionsFor(t).stream()
                          .map(p -> new TopicPartition(t, p.partition())))
              .toList();
      return new HashMap<>(consumer.endOffsets(partitions));
    }
  }

  /**
   * Reads one partition from {@code offset} to the end it has when the reading starts (nothing
   * where the offset is already its end).
   */
  static void readFrom(
      String bootstrap, TopicPartition partition, long offset, RecordHandler handler) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          handler.handle(r);
        }
      }
    }
  }
}
