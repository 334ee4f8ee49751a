package se.sakervard.simulator;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A simulator's valid records, turned into {@link SimulatedRecord}s in send order, with the faults
 * of a {@link FaultInjector} applied on top and everything handed out in send order.
 *
 * @param <T> what the simulation engine yields, in send order
 */
final class FaultedRecords<T> implements Iterator<SimulatedRecord> {
  private final Iterator<T> engine;
  private final Function<T, SimulatedRecord> toRecord;
  private final FaultInjector faults;
  private Instant sendTimeReached = Instant.MIN;
  private SimulatedRecord next;

  FaultedRecords(Iterator<T> engine, Function<T, SimulatedRecord> toRecord, FaultInjector faults) {
    this.engine = engine;
    this.toRecord = toRecord;
    this.faults = faults;
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
      SimulatedRecord record = toRecord.apply(engine.next());
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
