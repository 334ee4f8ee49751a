package se.sakervard.simulator;

import java.util.Iterator;
import java.util.List;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.codec.SingleObjectCodec;

/**
 * A census feed in which a share of the stay events (admissions, transfers, discharges) is
 * registered a second time in error, under another event id, and cancelled at once (HL7 A11, A12,
 * A13): the erroneous copy and its {@link Retraction} follow the event. The figures are those of
 * the feed without them; the pipeline's state must not keep the cancellations beyond the stay.
 */
public final class CancelledStayEvents extends FeedRewrite {
  private final SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);

  public CancelledStayEvents(Iterator<SimulatedRecord> feed, double share, long seed) {
    super(feed, "cancelled", share, seed);
  }

  /** Stay events registered in error and cancelled so far. */
  public long cancelled() {
    return rewritten();
  }

  @Override
  boolean rewrites(SimulatedRecord r) {
    return r.kind() == RecordKind.ADMISSION
        || r.kind() == RecordKind.TRANSFER
        || r.kind() == RecordKind.DISCHARGE;
  }

  @Override
  List<SimulatedRecord> rewrite(SimulatedRecord r) {
    CensusEvent event = decodeOwn(codec, r);
    String id = event.getEnvelope().getEventId() + "-in-error";
    event.getEnvelope().setEventId(id);
    SimulatedRecord inError =
        new SimulatedRecord(
            r.key(), codec.encode(event), r.eventTime(), r.sendAt(), RecordKind.IN_ERROR);
    event.getEnvelope().setEventId(id + "-cancelled");
    event.setChange(new Retraction(r.key(), id));
    SimulatedRecord retraction =
        new SimulatedRecord(
            r.key(), codec.encode(event), r.eventTime(), r.sendAt(), RecordKind.RETRACTION);
    return List.of(r, inError, retraction);
  }
}
