package se.sakervard.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.deviations.DeviationEvent;

/**
 * The deviation-report (avvikelse) records of a simulated region's units (see {@link
 * SimulatedRegion}), keyed by caseRef and ordered by the instant they are to be sent. The same
 * {@link DeviationSimulationConfig} always yields byte-identical records.
 *
 * <p>Each case reported inside the period has a CaseReported and then, in event time after it, its
 * classifications, investigation, actions, close, perhaps a reopening, a complaint and a lex Maria
 * filing, as far as they fall inside the period; {@link DeviationFlow} has the calibration. Without
 * faults every record is sent at its event time, in event-time order. The deviation faults ({@link
 * DeviationFaultRates}) then the per-record faults ({@link FaultRates}) apply on top.
 *
 * <p>Not thread-safe.
 */
public final class DeviationSimulator extends RegionStream<DeviationEngine.Due> {
  private static final long FLOW_SALT = 0xDE71A7E5L;
  private static final long DEVIATION_FAULT_SALT = 0xDEFA017L;
  private static final long FAULT_SALT = 0xFA017DE7L;
  private static final long ID_SALT = 0x1DDE7L;

  private final DeviationEventFactory events;
  private final SingleObjectCodec<DeviationEvent> codec =
      SingleObjectCodec.of(DeviationEvent.class);

  public DeviationSimulator(DeviationSimulationConfig config) {
    this(config, SeededEvents.none());
  }

  /** The same, with the seeded same-day serious care injuries. */
  public DeviationSimulator(DeviationSimulationConfig config, SeededEvents seeded) {
    super(
        SimulatedRegion.generate(config.hospitals(), config.seed()),
        config.faults(),
        config.seed() ^ FAULT_SALT);
    SimulatedRegion region = region();
    long start = config.start().toEpochMilli();
    this.events =
        new DeviationEventFactory(
            region.regionCode(),
            config.seed() ^ Long.rotateLeft(start, 23) ^ config.hospitals() ^ ID_SALT);
    // Separate random streams keep the cases the same whatever the fault rates.
    DeviationEngine engine =
        new DeviationEngine(
            region,
            config.reportsPerBedYear(),
            config.deviationFaults(),
            new SplittableRandom(config.seed() ^ FLOW_SALT),
            new SplittableRandom(config.seed() ^ DEVIATION_FAULT_SALT),
            start,
            config.end().toEpochMilli(),
            seeded);
    feedFrom(engine);
  }

  @Override
  protected SimulatedRecord record(DeviationEngine.Due due) {
    DeviationEvent event = events.event(due.eventTime(), due.deviationCase(), due.step());
    return new SimulatedRecord(
        event.getCaseRef(),
        codec.encode(event),
        event.getEnvelope().getEventTime(),
        Instant.ofEpochMilli(due.sendAt()),
        due.kind());
  }
}
