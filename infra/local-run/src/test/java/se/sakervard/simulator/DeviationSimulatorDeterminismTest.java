package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A seed fixes everything: reruns reproduce a scenario of deviation cases byte for byte. */
class DeviationSimulatorDeterminismTest {
  private static final Duration SIX_WEEKS = Duration.ofDays(42);
  private static final Set<RecordKind> FAULTS =
      Set.of(
          RecordKind.DUPLICATE,
          RecordKind.MALFORMED,
          RecordKind.ORPHAN_EVENT,
          RecordKind.IMPOSSIBLE_ORDER);

  @Test
  void shouldProduceByteIdenticalRecordsForTheSameSeed() {
    List<SimulatedRecord> first = run(11, DeviationFaultRates.typical());
    List<SimulatedRecord> second = run(11, DeviationFaultRates.typical());

    assertThat(first).hasSameSizeAs(second).hasSizeGreaterThan(5000);
    assertThat(IntStream.range(0, first.size()).filter(i -> !same(first.get(i), second.get(i))))
        .as("indexes of differing records")
        .isEmpty();
  }

  @Test
  void shouldProduceDifferentRecordsForAnotherSeed() {
    List<SimulatedRecord> first = run(11, DeviationFaultRates.typical());
    List<SimulatedRecord> other = run(12, DeviationFaultRates.typical());

    assertThat(other.get(0).value()).isNotEqualTo(first.get(0).value());
    assertThat(other.size()).isNotEqualTo(first.size());
  }

  @Test
  void shouldSimulateTheSameCasesWhateverTheFaultRates() {
    Set<String> clean = caseEvents(run(11, DeviationFaultRates.none(), FaultRates.none()));
    Set<String> faulty = caseEvents(run(11, new DeviationFaultRates(0.05, 0.05, 0.05)));

    assertThat(clean).hasSizeGreaterThan(5000);
    assertThat(difference(faulty, clean)).as("only with faults").isEmpty();
    assertThat(difference(clean, faulty)).as("only without faults").isEmpty();
  }

  /** Case, event time and change of every valid record; a held-back report is still a report. */
  private static Set<String> caseEvents(List<SimulatedRecord> records) {
    return records.stream()
        .filter(r -> !FAULTS.contains(r.kind()))
        .map(
            r ->
                r.key()
                    + " "
                    + r.eventTime()
                    + " "
                    + (r.kind() == RecordKind.REPORT_AFTER_CLOSE
                        ? RecordKind.CASE_REPORTED
                        : r.kind()))
        .collect(Collectors.toSet());
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> difference = new HashSet<>(a);
    difference.removeAll(b);
    return difference;
  }

  private static boolean same(SimulatedRecord a, SimulatedRecord b) {
    return Arrays.equals(a.value(), b.value())
        && Objects.equals(a.key(), b.key())
        && a.eventTime().equals(b.eventTime())
        && a.sendAt().equals(b.sendAt())
        && a.kind() == b.kind();
  }

  private static List<SimulatedRecord> run(long seed, DeviationFaultRates deviationFaults) {
    return run(seed, deviationFaults, FaultRates.typical());
  }

  private static List<SimulatedRecord> run(
      long seed, DeviationFaultRates deviationFaults, FaultRates faults) {
    return DeviationRun.of(3, seed, "2025-10-20T00:00:00Z", SIX_WEEKS, faults, deviationFaults)
        .records();
  }
}
