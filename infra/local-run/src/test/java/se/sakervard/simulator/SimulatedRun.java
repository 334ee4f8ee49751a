package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
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
    return records.stream().filter(SimulatedRun::isValid).map(r -> decode(codec, r)).toList();
  }

  /** Neither malformed nor a duplicate: a record the simulation meant, once. */
  static boolean isValid(SimulatedRecord record) {
    return record.kind() != RecordKind.MALFORMED && record.kind() != RecordKind.DUPLICATE;
  }

  static <T extends SpecificRecordBase> T decode(SingleObjectCodec<T> codec, SimulatedRecord r) {
    try {
      return codec.decode(r.value());
    } catch (UndecodableRecordException e) {
      throw new AssertionError("a valid record does not decode", e);
    }
  }

  static long count(List<SimulatedRecord> records, RecordKind kind) {
    return records.stream().filter(r -> r.kind() == kind).count();
  }

  long count(RecordKind kind) {
    return count(records, kind);
  }
}
