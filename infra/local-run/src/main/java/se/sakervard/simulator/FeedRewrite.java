package se.sakervard.simulator;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecordBase;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;

/**
 * A simulated feed in which a seeded share of the records of some kind is rewritten into several
 * records, sent in place of it (as a source system would send an event registered in error and its
 * cancellation, or a first report and its correction).
 */
abstract class FeedRewrite implements Iterator<SimulatedRecord> {
  private final Iterator<SimulatedRecord> feed;
  private final double share;
  private final SplittableRandom rng;
  private final ArrayDeque<SimulatedRecord> pending = new ArrayDeque<>();
  private long rewritten;

  FeedRewrite(Iterator<SimulatedRecord> feed, String what, double share, long seed) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "the " + what + " share must be within [0, 1], was " + share);
    }
    this.feed = feed;
    this.share = share;
    this.rng = new SplittableRandom(seed);
  }

  /** Whether a record may be rewritten. */
  abstract boolean rewrites(SimulatedRecord r);

  /** The records sent in place of {@code r}, in send order. */
  abstract List<SimulatedRecord> rewrite(SimulatedRecord r);

  /** Decodes a record the simulator made itself: failing to is a bug, not a fault. */
  static <T extends SpecificRecordBase> T decodeOwn(SingleObjectCodec<T> codec, SimulatedRecord r) {
    try {
      return codec.decode(r.value());
    } catch (UndecodableRecordException e) {
      throw new IllegalStateException("the simulator's own record does not decode", e);
    }
  }

  /** Records rewritten so far. */
  long rewritten() {
    return rewritten;
  }

  @Override
  public final boolean hasNext() {
    return !pending.isEmpty() || feed.hasNext();
  }

  @Override
  public final SimulatedRecord next() {
    if (pending.isEmpty()) {
      SimulatedRecord r = feed.next();
      if (!rewrites(r) || rng.nextDouble() >= share) {
        return r;
      }
      pending.addAll(rewrite(r));
      rewritten++;
    }
    return pending.poll();
  }
}
