package se.sakervard.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.common.Envelope;

/** Builds the Avro census events, each with its own event id. */
final class CensusEventFactory {
  static final String SOURCE_SYSTEM = "sim-bed-system";

  private final String regionCode;
  private final String idPrefix;
  private long eventCount;

  /**
   * @param runSalt distinguishes runs: the pipeline drops repeated event ids, so a run with another
   *     seed or start must never reuse one
   */
  CensusEventFactory(String regionCode, long runSalt) {
    this.regionCode = regionCode;
    this.idPrefix = Pseudonyms.format('E', new SplittableRandom(runSalt).nextLong()) + "-";
  }

  CensusEvent admission(long time, Stay stay, SimulatedUnit lying, SimulatedUnit responsible) {
    return event(time, lying, new Admission(stay.ref, stay.patientRef, responsible.code()));
  }

  CensusEvent transfer(
      long time, Stay stay, SimulatedUnit from, SimulatedUnit to, SimulatedUnit responsible) {
    return event(
        time, to, new Transfer(stay.ref, stay.patientRef, from.code(), responsible.code()));
  }

  CensusEvent discharge(long time, Stay stay, SimulatedUnit lying) {
    return event(time, lying, new Discharge(stay.ref, stay.patientRef));
  }

  CensusEvent availableBeds(long time, SimulatedUnit unit, int beds) {
    return event(time, unit, new AvailableBedsChanged(beds));
  }

  private CensusEvent event(long time, SimulatedUnit unit, Object change) {
    Envelope envelope =
        new Envelope(
            idPrefix + eventCount++,
            Instant.ofEpochMilli(time),
            SOURCE_SYSTEM,
            regionCode,
            unit.hospitalCode(),
            unit.code(),
            null);
    return new CensusEvent(envelope, change);
  }
}
