package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A seed fixes everything: reruns reproduce a scenario byte for byte. */
class CensusSimulatorDeterminismTest {
  private static final Duration TWO_WEEKS = Duration.ofDays(14);

  @Test
  void shouldProduceByteIdenticalRecordsForTheSameSeed() {
    List<SimulatedRecord> first = run(11);
    List<SimulatedRecord> second = run(11);

    assertThat(first).hasSameSizeAs(second).hasSizeGreaterThan(1000);
    assertThat(IntStream.range(0, first.size()).filter(i -> !same(first.get(i), second.get(i))))
        .as("indexes of differing records")
        .isEmpty();
  }

  @Test
  void shouldProduceDifferentRecordsForAnotherSeed() {
    List<SimulatedRecord> first = run(11);
    List<SimulatedRecord> other = run(12);

    assertThat(other.get(0).value()).isNotEqualTo(first.get(0).value());
    assertThat(other.size()).isNotEqualTo(first.size());
  }

  private static boolean same(SimulatedRecord a, SimulatedRecord b) {
    return Arrays.equals(a.value(), b.value())
        && Objects.equals(a.key(), b.key())
        && a.eventTime().equals(b.eventTime())
        && a.sendAt().equals(b.sendAt())
        && a.kind() == b.kind();
  }

  private static List<SimulatedRecord> run(long seed) {
    return SimulatedRun.of(2, seed, "2025-10-20T00:00:00Z", TWO_WEEKS, FaultRates.typical())
        .records();
  }
}
