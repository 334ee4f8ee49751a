package se.sakervard.simulator;

import java.util.Iterator;
import java.util.List;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;

/**
 * An infection feed in which a share of the cases is first reported without its organism, as a case
 * often is before the lab's answer, and then corrected: the first report (revision 0, another event
 * id) comes before the case as the simulator made it, now revision 1. The figures are those of the
 * feed without the first reports, but the clusters see each such case twice: first under its
 * infection type, then under its organism.
 */
public final class CorrectedInfectionCases extends FeedRewrite {
  private final SingleObjectCodec<InfectionObservation> codec =
      SingleObjectCodec.of(InfectionObservation.class);

  public CorrectedInfectionCases(Iterator<SimulatedRecord> feed, double share, long seed) {
    super(feed, "corrected", share, seed);
  }

  /** Cases reported first without their organism and then corrected, so far. */
  public long corrected() {
    return rewritten();
  }

  @Override
  boolean rewrites(SimulatedRecord r) {
    return r.kind() == RecordKind.INFECTION_CASE || r.kind() == RecordKind.OUTBREAK_CASE;
  }

  @Override
  List<SimulatedRecord> rewrite(SimulatedRecord r) {
    InfectionObservation o = decodeOwn(codec, r);
    InfectionCase c = (InfectionCase) o.getObservation();
    String id = o.getEnvelope().getEventId();
    c.setRevision(1);
    SimulatedRecord correction =
        new SimulatedRecord(r.key(), codec.encode(o), r.eventTime(), r.sendAt(), r.kind());
    o.getEnvelope().setEventId(id + "-first");
    c.setRevision(0);
    c.setOrganism(null);
    SimulatedRecord first =
        new SimulatedRecord(
            r.key(), codec.encode(o), r.eventTime(), r.sendAt(), RecordKind.FIRST_REPORT);
    return List.of(first, correction);
  }
}
