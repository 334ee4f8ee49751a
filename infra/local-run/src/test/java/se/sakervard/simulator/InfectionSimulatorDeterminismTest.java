package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A seed fixes everything: reruns reproduce a scenario of infection observations byte for byte,
 * over six weeks of a three-hospital region that include the spring survey.
 */
class InfectionSimulatorDeterminismTest {
  private static final String START = "2025-02-24T00:00:00Z";
  private static final Duration SIX_WEEKS = Duration.ofDays(42);
  private static final Set<RecordKind> VALID =
      EnumSet.of(
          RecordKind.INFECTION_CASE,
          RecordKind.OUTBREAK_CASE,
          RecordKind.SURVEY_RECORD,
          RecordKind.HYGIENE_OBSERVATION,
          RecordKind.MULTI_RESISTANT_FINDING);

  @Test
  void shouldProduceByteIdenticalRecordsAndOutbreaksForTheSameSeed() {
    InfectionRun first = run(11, InfectionFaultRates.typical(), 20);
    InfectionRun second = run(11, InfectionFaultRates.typical(), 20);

    assertThat(first.records().size()).isEqualTo(second.records().size()).isGreaterThan(1200);
    assertThat(
            IntStream.range(0, first.records().size())
                .filter(i -> !same(first.records().get(i), second.records().get(i))))
        .as("indexes of differing records")
        .isEmpty();
    assertThat(first.outbreaks()).isNotEmpty().isEqualTo(second.outbreaks());
    assertThat(first.count(RecordKind.SURVEY_RECORD)).isGreaterThan(500);
  }

  @Test
  void shouldProduceDifferentRecordsForAnotherSeed() {
    InfectionRun first = run(11, InfectionFaultRates.typical(), 20);
    InfectionRun other = run(12, InfectionFaultRates.typical(), 20);

    assertThat(other.records().get(0).value()).isNotEqualTo(first.records().get(0).value());
    assertThat(other.records().size()).isNotEqualTo(first.records().size());
    assertThat(other.outbreaks()).isNotEqualTo(first.outbreaks());
  }

  @Test
  void shouldSendTheSameObservationsWhateverTheFaultRatesButForTheStepsLeftOut() {
    InfectionRun clean =
        InfectionRun.of(config(11, FaultRates.none(), InfectionFaultRates.none(), 20));
    InfectionRun faulty =
        InfectionRun.of(
            config(11, FaultRates.typical(), new InfectionFaultRates(0.05, 0.05, 0.05), 20));
    Set<String> cleanValues = values(clean.records());
    Set<String> faultyValues = values(faulty.records());
    Set<String> missingStepRefs =
        faulty.records().stream()
            .filter(r -> r.kind() == RecordKind.HYGIENE_STEP_MISSING)
            .map(SimulatedRecord::key)
            .collect(Collectors.toSet());

    assertThat(cleanValues.size()).isGreaterThan(1200);
    assertThat(cleanValues.containsAll(faultyValues))
        .as("faulty run adds no valid observation")
        .isTrue();
    assertThat(missingStepRefs.size()).isGreaterThan(20);
    assertThat(
            clean.records().stream()
                .filter(r -> !faultyValues.contains(encoded(r)))
                .map(SimulatedRecord::key)
                .collect(Collectors.toSet()))
        .as("observations only without faults")
        .isEqualTo(missingStepRefs);
  }

  @Test
  void shouldDrawEachKindOfObservationApartSoThatTheOutbreakRateChangesOnlyOutbreaks() {
    Set<String> without = sporadic(InfectionRun.of(config(11, FaultRates.none(), none(), 0)));
    Set<String> with = sporadic(InfectionRun.of(config(11, FaultRates.none(), none(), 50)));

    assertThat(without.size()).isGreaterThan(600);
    assertThat(without).isEqualTo(with);
  }

  /** Key, event time and kind of the records that are neither outbreak cases nor surveyed. */
  private static Set<String> sporadic(InfectionRun run) {
    return run.records().stream()
        .filter(r -> r.kind() != RecordKind.OUTBREAK_CASE && r.kind() != RecordKind.SURVEY_RECORD)
        .map(r -> r.key() + " " + r.eventTime() + " " + r.kind())
        .collect(Collectors.toSet());
  }

  private static Set<String> values(List<SimulatedRecord> records) {
    Set<String> values = new HashSet<>();
    records.stream().filter(r -> VALID.contains(r.kind())).forEach(r -> values.add(encoded(r)));
    return values;
  }

  private static String encoded(SimulatedRecord record) {
    return Base64.getEncoder().encodeToString(record.value());
  }

  private static boolean same(SimulatedRecord a, SimulatedRecord b) {
    return Arrays.equals(a.value(), b.value())
        && Objects.equals(a.key(), b.key())
        && a.eventTime().equals(b.eventTime())
        && a.sendAt().equals(b.sendAt())
        && a.kind() == b.kind();
  }

  private static InfectionFaultRates none() {
    return InfectionFaultRates.none();
  }

  private static InfectionRun run(
      long seed, InfectionFaultRates infectionFaults, double outbreaks) {
    return InfectionRun.of(config(seed, FaultRates.typical(), infectionFaults, outbreaks));
  }

  private static InfectionSimulationConfig config(
      long seed, FaultRates faults, InfectionFaultRates infectionFaults, double outbreaks) {
    return new InfectionSimulationConfig(
        3, seed, Instant.parse(START), SIX_WEEKS, faults, infectionFaults, outbreaks);
  }
}
