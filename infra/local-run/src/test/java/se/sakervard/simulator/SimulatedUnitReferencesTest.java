package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.reference.UnitReference;
import se.sakervard.schemas.reference.UnitReferenceKeys;

/**
 * The unit reference data of a simulated region: one open period per unit, described as the region
 * describes it, and a period for every unit the census, deviation and infection simulators of the
 * same hospitals and seed name, so that the jobs can place their events.
 */
class SimulatedUnitReferencesTest {
  private static final String START = "2025-06-16T04:30:00Z";
  private static final Duration DAYS = Duration.ofDays(14);

  @Test
  void shouldGiveEveryUnitOneOpenPeriodAsTheRegionDescribesIt() throws Exception {
    SimulatedRegion region = SimulatedRegion.generate(4, 42);
    List<ProducerRecord<String, byte[]>> records = SimulatedUnitReferences.records("units", region);
    SingleObjectCodec<UnitReference> codec = SingleObjectCodec.of(UnitReference.class);
    Map<String, String> names = region.placeNames();

    assertThat(records).hasSameSizeAs(region.units());
    assertThat(records.stream().map(ProducerRecord::key).distinct()).hasSameSizeAs(records);
    for (int i = 0; i < records.size(); i++) {
      ProducerRecord<String, byte[]> record = records.get(i);
      UnitReference u = codec.decode(record.value());
      SimulatedUnit unit = region.units().get(i);
      assertThat(record.topic()).isEqualTo("units");
      assertThat(record.key()).isEqualTo(UnitReferenceKeys.keyOf(u));
      assertThat(u.getUnitCode()).isEqualTo(unit.code());
      assertThat(u.getHospitalCode()).isEqualTo(unit.hospitalCode());
      assertThat(u.getRegionCode()).isEqualTo(region.regionCode());
      // Care type and technical flag: CensusSimulatorInvariantsTest.
      assertThat(u.getValidFrom()).isEqualTo(SimulatedUnitReferences.VALID_FROM);
      assertThat(u.getValidTo()).isNull();
      assertThat(u.getDisplayName()).isEqualTo(names.get(unit.code())).isNotBlank();
    }
  }

  @Test
  void shouldHaveAPeriodForEveryUnitTheSimulatorsOfTheSameRegionName() {
    int hospitals = 2;
    long seed = 11;
    Map<String, UnitReference> reference =
        SimulatedUnitReferences.of(SimulatedRegion.generate(hospitals, seed)).stream()
            .collect(Collectors.toMap(UnitReference::getUnitCode, Function.identity()));
    Set<String> unknown = new TreeSet<>();
    Set<String> unknownUnitFaults = new TreeSet<>();

    SimulatedRun census = SimulatedRun.of(hospitals, seed, START, DAYS, FaultRates.typical());
    census.events().forEach(e -> check(reference, e.getEnvelope(), unknown));
    DeviationRun deviations =
        DeviationRun.of(
            hospitals, seed, START, DAYS, FaultRates.typical(), DeviationFaultRates.typical());
    deviations.sent().forEach(s -> check(reference, s.event().getEnvelope(), unknown));
    InfectionRun infections =
        InfectionRun.of(
            hospitals, seed, START, DAYS, FaultRates.typical(), new InfectionFaultRates(0.2, 0, 0));
    for (InfectionRun.Sent s : infections.sent()) {
      if (s.kind() == RecordKind.UNKNOWN_UNIT_CASE) {
        unknownUnitFaults.add(s.envelope().getUnitCode());
      } else {
        check(reference, s.envelope(), unknown);
      }
    }

    assertThat(unknown).as("events the reference data cannot place").isEmpty();
    assertThat(census.events()).isNotEmpty();
    assertThat(deviations.sent()).isNotEmpty();
    // The deliberate fault stays one: its units are in no reference data.
    assertThat(unknownUnitFaults).isNotEmpty().doesNotContainAnyElementsOf(reference.keySet());
  }

  /** Whether the envelope's unit has a period at its time that places it where it says. */
  private static void check(
      Map<String, UnitReference> reference, Envelope envelope, Set<String> unknown) {
    UnitReference unit = reference.get(envelope.getUnitCode());
    Instant time = envelope.getEventTime();
    if (unit == null
        || time.isBefore(unit.getValidFrom())
        || (unit.getValidTo() != null && !time.isBefore(unit.getValidTo()))
        || !unit.getHospitalCode().equals(envelope.getHospitalCode())
        || !unit.getRegionCode().equals(envelope.getRegionCode())) {
      unknown.add(envelope.getUnitCode() + " at " + time);
    }
  }
}
