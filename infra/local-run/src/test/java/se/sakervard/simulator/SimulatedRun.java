package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;

/** A finished simulation run, its records and their decoded census events, for the tests. */
record SimulatedRun(
    SimulationConfig config, SimulatedRegion region, List<SimulatedRecord> records) {

  static SimulatedRun of(
      int hospitals, long seed, String start, Duration duration, FaultRates faults) {
    SimulationConfig config =
        new SimulationConfig(hospitals, seed, Instant.parse(start), duration, faults);
    CensusSimulator simulator = new CensusSimulator(config);
    List<SimulatedRecord> records = new ArrayList<>();
    simulator.forEachRemaining(records::add);
    return new SimulatedRun(config, simulator.region(), records);
  }

  /** The census events of the records that are neither malformed nor duplicates, in send order. */
  List<CensusEvent> events() {
    SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
    List<CensusEvent> events = new ArrayList<>();
    for (SimulatedRecord record : records) {
      if (record.kind() != RecordKind.MALFORMED && record.kind() != RecordKind.DUPLICATE) {
        events.add(decode(codec, record.value()));
      }
    }
    return events;
  }

  static CensusEvent decode(SingleObjectCodec<CensusEvent> codec, byte[] value) {
    try {
      return codec.decode(value);
    } catch (UndecodableRecordException e) {
      throw new AssertionError("a valid record does not decode", e);
    }
  }

  long count(RecordKind kind) {
    return records.stream().filter(r -> r.kind() == kind).count();
  }
}
