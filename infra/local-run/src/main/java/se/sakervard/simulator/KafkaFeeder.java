package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@link SimulatedRecord}s to a Kafka topic, each at its simulated send instant scaled by a
 * speed factor against the wall clock: 1.0 is real time, 60 one simulated hour per minute, {@link
 * Double#POSITIVE_INFINITY} as fast as the broker takes them. The first record is sent at once, so
 * a simulation that starts at {@code Instant.now()} at speed 1 has event time ≈ wall-clock time.
 * Each Kafka record's timestamp is the wall-clock instant it was sent. What is sent does not depend
 * on the speed.
 *
 * <p>Owns the producer: {@link #close()} closes it. Not thread-safe.
 */
public final class KafkaFeeder implements AutoCloseable {
  /**
   * Where a feed has got to.
   *
   * @param recordsSent records handed to the producer so far
   * @param simulatedTime send instant of the last record handed over; null before the first
   * @param elapsed wall-clock time since the feed began
   */
  public record Progress(long recordsSent, Instant simulatedTime, Duration elapsed) {}

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaFeeder(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** A feeder with its own producer configured by {@link #producerConfig(String)}. */
  public static KafkaFeeder connect(String bootstrapServers, String topic) {
    return new KafkaFeeder(
        new KafkaProducer<>(
            producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer()),
        topic);
  }

  /**
   * Durable (acks=all, idempotent, so a retry cannot add duplicates beyond the simulated ones),
   * with large batches that fill within a few milliseconds at full speed.
   */
  public static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG,
        "census-simulator",
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.LINGER_MS_CONFIG,
        10,
        ProducerConfig.BATCH_SIZE_CONFIG,
        256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        "lz4");
  }

  /**
   * Sends every record, paced by {@code speed}, and returns once all are acknowledged.
   *
   * @param progress called about once a second while feeding, and once at the end
   * @return the number of records sent
   * @throws KafkaException if the producer failed to send a record
   */
  public long feed(Iterator<SimulatedRecord> records, double speed, Consumer<Progress> progress)
      throws InterruptedException {
    return feed(records, speed, null, progress);
  }

  /**
   * As {@link #feed(Iterator, double, Consumer)}, but paced from {@code simulatedStart} rather than
   * from the first record, so that feeds of one simulated period started together keep together.
   */
  public long feed(
      Iterator<SimulatedRecord> records,
      double speed,
      Instant simulatedStart,
      Consumer<Progress> progress)
      throws InterruptedException {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, was " + speed);
    }
    FeedPacer run = new FeedPacer(speed, simulatedStart, progress);
    while (records.hasNext()) {
      SimulatedRecord record = records.next();
      run.waitForTurn(record.sendAt());
      producer.send(
          new ProducerRecord<>(
              topic, null, System.currentTimeMillis(), record.key(), record.value()),
          this::completed);
      run.sent(record.sendAt());
      throwIfFailed();
    }
    producer.flush();
    throwIfFailed();
    run.report();
    return run.sent();
  }

  @Override
  public void close() {
    producer.close();
  }

  private void completed(RecordMetadata metadata, Exception exception) {
    if (exception != null) {
      failure.compareAndSet(null, exception);
    }
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new KafkaException("Sending to " + topic + " failed", e);
    }
  }
}
