package se.sakervard.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.codec.SingleObjectCodec;

/**
 * The bed-census records of a simulated region (see {@link SimulatedRegion}), ordered by the
 * instant they are to be sent. The same {@link SimulationConfig} always yields byte-identical
 * records.
 *
 * <p>The first records, at the start, are every unit's available beds and then an admission for
 * every patient already in hospital (the initial census); then the admissions, transfers,
 * discharges and staffing changes as they happen. Without faults every record is sent at its event
 * time, in event-time order.
 *
 * <p>Not thread-safe.
 */
public final class CensusSimulator extends RegionStream<CensusEvent> {
  private static final long FLOW_SALT = 0xF10FL;
  private static final long FAULT_SALT = 0xFA017L;

  private final SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);

  public CensusSimulator(SimulationConfig config) {
    this(config, SeededEvents.none());
  }

  /** The same, with the seeded staffing crises. */
  public CensusSimulator(SimulationConfig config, SeededEvents seeded) {
    super(
        SimulatedRegion.generate(config.hospitals(), config.seed()),
        config.faults(),
        config.seed() ^ FAULT_SALT);
    SimulatedRegion region = region();
    long start = config.start().toEpochMilli();
    CensusEventFactory events =
        new CensusEventFactory(
            region.regionCode(), config.seed() ^ Long.rotateLeft(start, 23) ^ config.hospitals());
    // Separate random streams keep the patient flow the same whatever the fault rates.
    CensusEngine engine =
        new CensusEngine(
            region,
            PatientFlow.swedish(),
            new SplittableRandom(config.seed() ^ FLOW_SALT),
            events,
            start,
            config.end().toEpochMilli(),
            seeded);
    feedFrom(engine);
  }

  @Override
  protected SimulatedRecord record(CensusEvent event) {
    Instant time = event.getEnvelope().getEventTime();
    byte[] value = codec.encode(event);
    Object change = event.getChange();
    if (change instanceof Admission a) {
      return new SimulatedRecord(a.getStayRef(), value, time, time, RecordKind.ADMISSION);
    } else if (change instanceof Transfer t) {
      return new SimulatedRecord(t.getStayRef(), value, time, time, RecordKind.TRANSFER);
    } else if (change instanceof Discharge d) {
      return new SimulatedRecord(d.getStayRef(), value, time, time, RecordKind.DISCHARGE);
    } else if (change instanceof AvailableBedsChanged) {
      String unit = event.getEnvelope().getUnitCode();
      return new SimulatedRecord(unit, value, time, time, RecordKind.AVAILABLE_BEDS);
    }
    throw new IllegalStateException("unknown census change " + change.getClass());
  }
}
