package se.sakervard.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.infections.InfectionObservation;

/**
 * The infection observations of a simulated region's units (see {@link SimulatedRegion}): VRI cases
 * keyed by caseRef, point-prevalence survey records keyed by survey id and patient, hygiene
 * observations keyed by observationRef and multi-resistant findings keyed by findingRef, ordered by
 * the instant they are to be sent. The same {@link InfectionSimulationConfig} always yields
 * byte-identical records.
 *
 * <p>Sporadic cases ({@link RecordKind#INFECTION_CASE}) come at about 9 per 1000 patient days,
 * seeded outbreaks ({@link RecordKind#OUTBREAK_CASE}, listed in {@link #outbreaks()}) on top; a
 * case is sent at its confirmation, hours to days after its onset. The surveys are on the second
 * Tuesdays of March and October, the hygiene observations on weekdays in daytime, the resistant
 * findings at any time; {@link InfectionFlow} has the calibration. Without faults every record is
 * sent at its event time, in event-time order. The infection faults ({@link InfectionFaultRates})
 * then the per-record faults ({@link FaultRates}) apply on top.
 *
 * <p>Not thread-safe.
 */
public final class InfectionSimulator extends RegionStream<InfectionEngine.Due> {
  private static final long FLOW_SALT = 0x1AFEC7L;
  private static final long INFECTION_FAULT_SALT = 0x1AFA017L;
  private static final long FAULT_SALT = 0xFA0171AFL;
  private static final long ID_SALT = 0x1D1AFL;

  private final SingleObjectCodec<InfectionObservation> codec =
      SingleObjectCodec.of(InfectionObservation.class);
  private final List<SeededOutbreak> outbreaks = new ArrayList<>();
  private final InfectionEngine engine;

  public InfectionSimulator(InfectionSimulationConfig config) {
    super(
        SimulatedRegion.generate(config.hospitals(), config.seed()),
        config.faults(),
        config.seed() ^ FAULT_SALT);
    SimulatedRegion region = region();
    long start = config.start().toEpochMilli();
    InfectionEventFactory events =
        new InfectionEventFactory(
            region.regionCode(),
            config.seed() ^ Long.rotateLeft(start, 23) ^ config.hospitals() ^ ID_SALT);
    // Separate random streams keep the observations the same whatever the fault rates.
    engine =
        new InfectionEngine(
            region,
            events,
            config.outbreaksPerHospitalYear(),
            config.infectionFaults(),
            new SplittableRandom(config.seed() ^ FLOW_SALT),
            new SplittableRandom(config.seed() ^ INFECTION_FAULT_SALT),
            outbreaks,
            start,
            config.end().toEpochMilli());
    feedFrom(engine);
  }

  /**
   * The expected new sporadic VRI per hour on the region's unit (by index) in the hour starting at
   * {@code hour} (epoch milliseconds, a whole hour): the ground truth for chance coincidences.
   */
  double sporadicCasesPerHour(int unit, long hour) {
    return engine.sporadicCasesPerHour(unit, hour);
  }

  /**
   * The outbreaks seeded so far, in the order they started: each is added when it starts, before
   * any of its cases is handed out, so after the last record this is the whole ground truth.
   */
  public List<SeededOutbreak> outbreaks() {
    return Collections.unmodifiableList(outbreaks);
  }

  @Override
  protected SimulatedRecord record(InfectionEngine.Due due) {
    Instant time = Instant.ofEpochMilli(due.time());
    return new SimulatedRecord(due.key(), codec.encode(due.event()), time, time, due.kind());
  }
}
