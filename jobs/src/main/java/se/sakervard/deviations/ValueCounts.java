package se.sakervard.deviations;

import java.util.Map;
import java.util.TreeMap;

/**
 * An exact multiset of whole values (minutes, epoch ms) that values can also leave: for exact
 * percentiles of figures that late events correct, and counts in a range. Public fields for Flink's
 * state serializer.
 */
public final class ValueCounts {
  public TreeMap<Long, Integer> counts = new TreeMap<>();
  public long size;

  public void add(long value, int sign) {
    counts.merge(value, sign, Integer::sum);
    if (counts.get(value) == 0) {
      counts.remove(value);
    }
    size += sign;
  }

  /**
   * Nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below
   * it (the median of 1, 2, 3, 4 is 2); null when empty.
   */
  public Long percentile(double p) {
    if (size <= 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100 * size));
    if (rank > size / 2) {
      // From the top: the values above the rank's are size - rank (fewer for high percentiles).
      long above = 0;
      for (Map.Entry<Long, Integer> e : counts.descendingMap().entrySet()) {
        above += e.getValue();
        if (above > size - rank) {
          return e.getKey();
        }
      }
    } else {
      long seen = 0;
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {
        seen += e.getValue();
        if (seen >= rank) {
          return e.getKey();
        }
      }
    }
    throw new IllegalStateException("counts do not add up to " + size);
  }

  /** How many values lie in [from, toExclusive). */
  public long countIn(long from, long toExclusive) {
    long n = 0;
    if (from < toExclusive) {
      for (int c : counts.subMap(from, true, toExclusive, false).values()) {
        n += c;
      }
    }
    return n;
  }
}
