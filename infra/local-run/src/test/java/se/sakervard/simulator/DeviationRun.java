package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.deviations.DeviationEvent;

/** A finished deviation simulation run, its records and their decoded events, for the tests. */
record DeviationRun(
    DeviationSimulationConfig config, SimulatedRegion region, List<SimulatedRecord> records) {

  /** A record that is neither malformed nor a duplicate, with its event. */
  record Sent(SimulatedRecord record, DeviationEvent event) {
    RecordKind kind() {
      return record.kind();
    }

    String caseRef() {
      return event.getCaseRef();
    }

    Instant eventTime() {
      return event.getEnvelope().getEventTime();
    }
  }

  static DeviationRun of(
      int hospitals,
      long seed,
      String start,
      Duration duration,
      FaultRates faults,
      DeviationFaultRates deviationFaults) {
    return of(
        new DeviationSimulationConfig(
            hospitals, seed, Instant.parse(start), duration, faults, deviationFaults));
  }

  static DeviationRun of(DeviationSimulationConfig config) {
    DeviationSimulator simulator = new DeviationSimulator(config);
    List<SimulatedRecord> records = new ArrayList<>();
    simulator.forEachRemaining(records::add);
    return new DeviationRun(config, simulator.region(), records);
  }

  /** The records that are neither malformed nor duplicates, decoded, in send order. */
  List<Sent> sent() {
    SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);
    return records.stream()
        .filter(SimulatedRun::isValid)
        .map(r -> new Sent(r, SimulatedRun.decode(codec, r)))
        .toList();
  }

  long count(RecordKind kind) {
    return SimulatedRun.count(records, kind);
  }
}
