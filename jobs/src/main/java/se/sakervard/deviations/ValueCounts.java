package se.sakervard.deviations;

import java.util.Map;
import java.util.TreeMap;

/**
 * An exact multiset of whole values (minutes) that values can also leave, for exact percentiles of
 * figures that late events correct. Public fields for Flink's state serializer.
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
    long seen = 0;
    for (Map.Entry<Long, Integer> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("counts do not add up to " + size);
  }
}
