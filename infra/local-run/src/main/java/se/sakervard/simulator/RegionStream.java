package se.sakervard.simulator;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * One stream of a simulated region's records: what its engine yields in send order, turned into
 * {@link SimulatedRecord}s, with the per-record faults of {@link FaultRates} applied on top and
 * everything handed out in send order.
 *
 * @param <T> what the simulation engine yields, in send order
 */
public abstract class RegionStream<T> implements Iterator<SimulatedRecord> {
  private final SimulatedRegion region;
  private final FaultInjector faults;
  private Iterator<T> engine;
  private Instant sendTimeReached = Instant.MIN;
  private SimulatedRecord next;

  /**
   * @param faultSeed seeds the faults apart from the engine, so the valid records are the same
   *     whatever the fault rates
   */
  protected RegionStream(SimulatedRegion region, FaultRates faults, long faultSeed) {
    this.region = region;
    this.faults = new FaultInjector(faults, new SplittableRandom(faultSeed));
  }

  /** Sets the engine; the subclass's constructor calls it once. */
  protected final void feedFrom(Iterator<T> engine) {
    this.engine = engine;
  }

  /** The record of one thing the engine yields, sent at its event time. */
  protected abstract SimulatedRecord record(T item);

  /** The region simulated. */
  public SimulatedRegion region() {
    return region;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      next = faults.poll(sendTimeReached);
      if (next != null) {
        break;
      }
      if (!engine.hasNext()) {
        next = faults.pollRemaining();
        return next != null;
      }
      SimulatedRecord record = record(engine.next());
      sendTimeReached = record.sendAt();
      faults.add(record);
    }
    return true;
  }

  @Override
  public SimulatedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SimulatedRecord result = next;
    next = null;
    return result;
  }
}
