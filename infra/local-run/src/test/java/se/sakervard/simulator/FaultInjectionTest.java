package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;

/** Faults come at about their configured rates and look like what a real source does wrong. */
class FaultInjectionTest {
  private static final FaultRates RATES = FaultRates.typical().withLateDelay(Duration.ofHours(3));

  private static SimulatedRun faulty;
  private static long validRecords;

  @BeforeAll
  static void simulate() {
    faulty = SimulatedRun.of(10, 3, "2025-03-03T00:00:00Z", Duration.ofDays(60), RATES);
    validRecords =
        faulty.records().size()
            - faulty.count(RecordKind.DUPLICATE)
            - faulty.count(RecordKind.MALFORMED);
  }

  @Test
  void shouldDuplicateAndCorruptRecordsAtAboutTheirRates() {
    assertThat(validRecords).isGreaterThan(100_000);
    assertThat((double) faulty.count(RecordKind.DUPLICATE) / validRecords)
        .isCloseTo(RATES.duplicate(), within(RATES.duplicate() * 0.25));
    assertThat((double) faulty.count(RecordKind.MALFORMED) / validRecords)
        .isCloseTo(RATES.malformed(), within(RATES.malformed() * 0.4));
  }

  @Test
  void shouldDelayRecordsOutOfOrderByMinutesAndLateByTheLateDelay() {
    List<SimulatedRecord> delayed =
        faulty.records().stream()
            .filter(r -> !r.delay().isZero() && r.kind() != RecordKind.DUPLICATE)
            .toList();
    long late = delayed.stream().filter(r -> r.delay().equals(RATES.lateDelay())).count();
    List<SimulatedRecord> outOfOrder =
        delayed.stream().filter(r -> !r.delay().equals(RATES.lateDelay())).toList();

    assertThat(outOfOrder)
        .allSatisfy(
            r -> assertThat(r.delay()).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(20)));
    assertThat((double) outOfOrder.size() / validRecords)
        .isCloseTo(RATES.outOfOrder(), within(RATES.outOfOrder() * 0.2));
    assertThat((double) late / validRecords).isCloseTo(RATES.late(), within(RATES.late() * 0.4));
  }

  @Test
  void shouldEmitRecordsInSendOrderNeverBeforeTheirEventTime() {
    Instant previous = Instant.MIN;
    for (SimulatedRecord record : faulty.records()) {
      assertThat(record.sendAt()).isAfterOrEqualTo(previous).isAfterOrEqualTo(record.eventTime());
      previous = record.sendAt();
    }
  }

  @Test
  void shouldRepeatADuplicateByteForByteShortlyAfterTheOriginal() {
    Map<ByteBuffer, SimulatedRecord> sent = new HashMap<>();
    for (SimulatedRecord record : faulty.records()) {
      if (record.kind() == RecordKind.DUPLICATE) {
        SimulatedRecord original = sent.get(ByteBuffer.wrap(record.value()));
        assertThat(original).as("original of a duplicate").isNotNull();
        assertThat(record.key()).isEqualTo(original.key());
        assertThat(Duration.between(original.sendAt(), record.sendAt()))
            .isBetween(Duration.ZERO, Duration.ofMinutes(1));
      } else if (record.kind() != RecordKind.MALFORMED) {
        sent.put(ByteBuffer.wrap(record.value()), record);
      }
    }
  }

  @Test
  void shouldMakeMalformedRecordsThatNoReaderCanDecode() {
    SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
    faulty.records().stream()
        .filter(r -> r.kind() == RecordKind.MALFORMED)
        .forEach(
            r ->
                assertThatThrownBy(() -> codec.decode(r.value()))
                    .isInstanceOf(UndecodableRecordException.class));
  }

  @Test
  void shouldSendEveryRecordOnceAtItsEventTimeWithoutFaults() {
    SimulatedRun clean =
        SimulatedRun.of(2, 3, "2025-03-03T00:00:00Z", Duration.ofDays(14), FaultRates.none());

    assertThat(clean.records())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.sendAt()).isEqualTo(r.eventTime()))
        .noneMatch(r -> r.kind() == RecordKind.DUPLICATE || r.kind() == RecordKind.MALFORMED);
  }
}
