package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaFeederTest {
  private static final Instant T0 = Instant.parse("2025-05-05T08:00:00Z");

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final List<KafkaFeeder.Progress> reports = new ArrayList<>();

  @Test
  void shouldSendEveryRecordWithItsKeyAndValueStampedWithTheWallClock() throws Exception {
    List<SimulatedRecord> records =
        List.of(record("S-1", T0, RecordKind.ADMISSION), record(null, T0, RecordKind.MALFORMED));
    long before = System.currentTimeMillis();

    long sent = feed(records, Double.POSITIVE_INFINITY);

    assertThat(sent).isEqualTo(2);
    List<ProducerRecord<String, byte[]>> history = producer.history();
    assertThat(history).extracting(ProducerRecord::topic).containsOnly("census");
    assertThat(history).extracting(ProducerRecord::key).containsExactly("S-1", null);
    assertThat(history.get(0).value()).isEqualTo(records.get(0).value());
    assertThat(history)
        .extracting(ProducerRecord::timestamp)
        .allSatisfy(t -> assertThat(t).isBetween(before, System.currentTimeMillis()));
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void shouldPaceRecordsBySimulatedTimeDividedBySpeed() throws Exception {
    // Half a simulated hour at 6,000 times real time takes 0.3 s.
    List<SimulatedRecord> records =
        List.of(
            record("S-1", T0, RecordKind.ADMISSION),
            record("S-1", T0.plus(Duration.ofMinutes(30)), RecordKind.DISCHARGE));

    long started = System.nanoTime();
    feed(records, 6_000);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    ProducerRecord<String, byte[]> first = producer.history().get(0);
    ProducerRecord<String, byte[]> second = producer.history().get(1);
    assertThat(second.timestamp() - first.timestamp()).isBetween(290L, 3_000L);
  }

  @Test
  void shouldReportTheRecordsSentAndTheSimulatedTimeReached() throws Exception {
    feed(
        List.of(
            record("S-1", T0, RecordKind.ADMISSION),
            record("S-1", T0.plusSeconds(60), RecordKind.DISCHARGE)),
        Double.POSITIVE_INFINITY);

    KafkaFeeder.Progress last = reports.get(reports.size() - 1);
    assertThat(last.recordsSent()).isEqualTo(2);
    assertThat(last.simulatedTime()).isEqualTo(T0.plusSeconds(60));
  }

  private long feed(List<SimulatedRecord> records, double speed) throws InterruptedException {
    try (KafkaFeeder feeder = new KafkaFeeder(producer, "census")) {
      return feeder.feed(records.iterator(), speed, reports::add);
    }
  }

  private static SimulatedRecord record(String key, Instant at, RecordKind kind) {
    return new SimulatedRecord(key, new byte[] {1, 2, 3}, at, at, kind);
  }
}
