package se.sakervard.simulator;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.SplittableRandom;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;

/**
 * An infection feed in which a share of the cases is first reported without its organism, as a case
 * often is before the lab's answer, and then corrected: the first report (revision 0, another event
 * id) comes before the case as the simulator made it, now revision 1. The figures are those of the
 * feed without the first reports, but the clusters see each such case twice: first under its
 * infection type, then under its organism.
 */
public final class CorrectedInfectionCases implements Iterator<SimulatedRecord> {
  private final Iterator<SimulatedRecord> feed;
  private final double share;
  private final SplittableRandom rng;
  private final SingleObjectCodec<InfectionObservation> codec =
      SingleObjectCodec.of(InfectionObservation.class);
  private final ArrayDeque<SimulatedRecord> pending = new ArrayDeque<>();
  private long corrected;

  public CorrectedInfectionCases(Iterator<SimulatedRecord> feed, double share, long seed) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("the corrected share must be within [0, 1], was " + share);
    }
    this.feed = feed;
    this.share = share;
    this.rng = new SplittableRandom(seed);
  }

  /** Cases reported first without their organism and then corrected, so far. */
  public long corrected() {
    return corrected;
  }

  @Override
  public boolean hasNext() {
    return !pending.isEmpty() || feed.hasNext();
  }

  @Override
  public SimulatedRecord next() {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    SimulatedRecord r = feed.next();
    boolean infectionCase =
        r.kind() == RecordKind.INFECTION_CASE || r.kind() == RecordKind.OUTBREAK_CASE;
    if (!infectionCase || rng.nextDouble() >= share) {
      return r;
    }
    InfectionObservation o = decode(r);
    InfectionCase c = (InfectionCase) o.getObservation();
    String id = o.getEnvelope().getEventId();
    c.setRevision(1);
    pending.add(new SimulatedRecord(r.key(), codec.encode(o), r.eventTime(), r.sendAt(), r.kind()));
    o.getEnvelope().setEventId(id + "-first");
    c.setRevision(0);
    c.setOrganism(null);
    corrected++;
    return new SimulatedRecord(
        r.key(), codec.encode(o), r.eventTime(), r.sendAt(), RecordKind.FIRST_REPORT);
  }

  private InfectionObservation decode(SimulatedRecord r) {
    try {
      return codec.decode(r.value());
    } catch (UndecodableRecordException e) {
      throw new IllegalStateException("the simulator's own record does not decode", e);
    }
  }
}
