package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.HOUR;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Planned deviation events not yet handed out, in buckets by the hour they are sent in. An hour's
 * bucket is sorted once, when the first event is taken from it; ties keep the order they were
 * planned in (the sort is stable).
 *
 * <p>Why not a priority queue: a national simulation has about 120,000 events planned at any time,
 * and each poll of a heap that size walks memory far beyond the cache; it cost a third of the run.
 *
 * <p>Events may be added to any hour that has not started being handed out.
 */
final class HourlyAgenda {
  private static final Comparator<DeviationEngine.Due> SEND_ORDER =
      Comparator.comparingLong(DeviationEngine.Due::sendAt);

  private final long origin;
  private List<DeviationEngine.Due>[] buckets;

  /** The bucket being handed out, and whether it has been sorted (it is then complete). */
  private int current;

  private boolean sorted;
  private int position;
  private long size;

  /**
   * @param origin the first hour, epoch millis on a whole hour; no event is sent before it
   * @param expectedEnd events are expected up to about here; later ones grow the agenda
   */
  @SuppressWarnings("unchecked")
  HourlyAgenda(long origin, long expectedEnd) {
    this.origin = origin;
    this.buckets = new List[Math.max(1, hourIndex(expectedEnd) + 1)];
  }

  void add(DeviationEngine.Due due) {
    int index = hourIndex(due.sendAt());
    if (index < current || (index == current && sorted)) {
      throw new IllegalStateException("hour of " + due + " is already being handed out");
    }
    if (index >= buckets.length) {
      buckets = Arrays.copyOf(buckets, Math.max(index + 1, buckets.length * 2));
    }
    if (buckets[index] == null) {
      buckets[index] = new ArrayList<>();
    }
    buckets[index].add(due);
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * The first event in send order if it is sent before {@code complete}, else null.
   *
   * @param complete no event sent before this will be added any more; a whole hour
   */
  DeviationEngine.Due poll(long complete) {
    while (size > 0) {
      long hourStart = origin + current * HOUR;
      if (hourStart >= complete) {
        return null;
      }
      List<DeviationEngine.Due> bucket = buckets[current];
      if (bucket != null && !sorted) {
        bucket.sort(SEND_ORDER);
        sorted = true;
      }
      if (bucket != null && position < bucket.size()) {
        size--;
        return bucket.get(position++);
      }
      buckets[current] = null;
      current++;
      sorted = false;
      position = 0;
    }
    return null;
  }

  private int hourIndex(long time) {
    return Math.toIntExact(Math.floorDiv(time - origin, HOUR));
  }
}
