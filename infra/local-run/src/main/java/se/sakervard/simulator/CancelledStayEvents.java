package se.sakervard.simulator;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.SplittableRandom;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;

/**
 * A census feed in which a share of the stay events (admissions, transfers, discharges) is
 * registered a second time in error, under another event id, and cancelled at once (HL7 A11, A12,
 * A13): the erroneous copy and its {@link Retraction} follow the event. The figures are those of
 * the feed without them; the pipeline's state must not keep the cancellations beyond the stay.
 */
public final class CancelledStayEvents implements Iterator<SimulatedRecord> {
  private final Iterator<SimulatedRecord> feed;
  private final double share;
  private final SplittableRandom rng;
  private final SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
  private final ArrayDeque<SimulatedRecord> pending = new ArrayDeque<>();
  private long cancelled;

  public CancelledStayEvents(Iterator<SimulatedRecord> feed, double share, long seed) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("the cancelled share must be within [0, 1], was " + share);
    }
    this.feed = feed;
    this.share = share;
    this.rng = new SplittableRandom(seed);
  }

  /** Stay events registered in error and cancelled so far. */
  public long cancelled() {
    return cancelled;
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
    boolean stayEvent =
        r.kind() == RecordKind.ADMISSION
            || r.kind() == RecordKind.TRANSFER
            || r.kind() == RecordKind.DISCHARGE;
    if (stayEvent && rng.nextDouble() < share) {
      CensusEvent event = decode(r);
      String id = event.getEnvelope().getEventId() + "-in-error";
      event.getEnvelope().setEventId(id);
      pending.add(
          new SimulatedRecord(
              r.key(), codec.encode(event), r.eventTime(), r.sendAt(), RecordKind.IN_ERROR));
      event.getEnvelope().setEventId(id + "-cancelled");
      event.setChange(new Retraction(r.key(), id));
      pending.add(
          new SimulatedRecord(
              r.key(), codec.encode(event), r.eventTime(), r.sendAt(), RecordKind.RETRACTION));
      cancelled++;
    }
    return r;
  }

  private CensusEvent decode(SimulatedRecord r) {
    try {
      return codec.decode(r.value());
    } catch (UndecodableRecordException e) {
      throw new IllegalStateException("the simulator's own record does not decode", e);
    }
  }
}
