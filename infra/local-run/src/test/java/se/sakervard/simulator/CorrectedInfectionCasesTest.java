package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.infections.CaseRecords;
import se.sakervard.infections.InfectionDecoder;
import se.sakervard.infections.InfectionInput;

/**
 * A quarter of two hospitals with 20% of the cases reported first without their organism and then
 * corrected: one first report per correction, and the case that counts is in every case the one the
 * plain feed has ({@link CaseRecords}, in the job's rule).
 */
class CorrectedInfectionCasesTest {
  private static final InfectionSimulationConfig QUARTER =
      new InfectionSimulationConfig(
          2,
          5,
          Instant.parse("2025-01-01T00:00:00Z"),
          Duration.ofDays(90),
          FaultRates.none(),
          InfectionFaultRates.none(),
          InfectionSimulationConfig.DEFAULT_OUTBREAKS_PER_HOSPITAL_YEAR);

  @Test
  void shouldEndWithThePlainFeedsCasesCounted() {
    List<SimulatedRecord> plain = new ArrayList<>();
    new InfectionSimulator(QUARTER).forEachRemaining(plain::add);
    CorrectedInfectionCases feed =
        new CorrectedInfectionCases(new InfectionSimulator(QUARTER), 0.2, 9);
    List<SimulatedRecord> corrected = new ArrayList<>();
    feed.forEachRemaining(corrected::add);

    assertThat(corrected.stream().filter(r -> r.kind() == RecordKind.FIRST_REPORT).count())
        .isEqualTo(feed.corrected())
        .isGreaterThan(20);
    assertThat(countedCases(corrected)).isEqualTo(countedCases(plain));
  }

  /** Case → unit, onset, type and organism of the record that counts. */
  private static Map<String, String> countedCases(List<SimulatedRecord> records) {
    InfectionDecoder decoder =
        new InfectionDecoder(
            Duration.ofDays(1),
            Duration.ofDays(60),
            Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC));
    Map<String, CaseRecords> cases = new HashMap<>();
    for (SimulatedRecord r : records) {
      if (r.kind() != RecordKind.INFECTION_CASE
          && r.kind() != RecordKind.OUTBREAK_CASE
          && r.kind() != RecordKind.FIRST_REPORT) {
        continue;
      }
      try {
        InfectionInput c = decoder.decode(new SourceRecord("infections", 0, 0, r.value()));
        cases.computeIfAbsent(c.ref(), k -> new CaseRecords()).take(c);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    Map<String, String> counted = new TreeMap<>();
    cases.forEach(
        (ref, c) -> {
          InfectionInput s = c.standing();
          counted.put(
              ref, s.unitCode() + " " + s.onset() + " " + s.infectionType() + " " + s.organism());
        });
    return counted;
  }
}
