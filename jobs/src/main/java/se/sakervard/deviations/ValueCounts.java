package se.sakervard.deviations;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import se.sakervard.core.state.CollectionTypeInfo;

/**
 * An exact multiset of whole values (minutes, epoch ms) that values can also leave: for exact
 * percentiles of figures that late events correct, and counts in a range. Public fields for Flink's
 * state serializer.
 */
public final class ValueCounts {
  // A percentile walks ranges of 1024 values, then the values of one range: a region's month holds
  // some ten thousand distinct reporting delays, and walking them all for every update was most of
  // the deviation job's time in a national benchmark.
  private static final int RANGE_BITS = 10;

  @TypeInfo(CollectionTypeInfo.TreeMapOf.class)
  public TreeMap<Long, Integer> counts = new TreeMap<>();

  public long size;

  // How many values each range holds; derived from counts, so not state: built on first use.
  private transient TreeMap<Long, Long> perRange;

  // The percentiles walked since the values last changed, and the values' net changes since then:
  // an update takes a case's facts out and puts them back, mostly the same, so a month's
  // percentiles seldom need a new walk. Not state either.
  private transient Map<Double, Long> percentiles;
  private transient Map<Long, Integer> changedSince;

  public void add(long value, int sign) {
    counts.merge(value, sign, Integer::sum);
    if (counts.get(value) == 0) {
      counts.remove(value);
    }
    size += sign;
    if (perRange != null) {
      addToRange(perRange, value, sign);
    }
    if (changedSince != null) {
      changedSince.merge(value, sign, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /**
   * Nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below
   * it (the median of 1, 2, 3, 4 is 2); null when empty.
   */
  public Long percentile(double p) {
    if (size <= 0) {
      return null;
    }
    if (percentiles == null) {
      percentiles = new HashMap<>();
      changedSince = new HashMap<>();
    } else if (!changedSince.isEmpty()) {
      percentiles.clear();
      changedSince.clear();
    }
    return percentiles.computeIfAbsent(p, this::walkToPercentile);
  }

  private long walkToPercentile(double p) {
    long rank = Math.max(1, (long) Math.ceil(p / 100 * size));
    boolean fromTop = rank > size / 2;
    // From the top, the rank's value is the one past the size - rank values above it (fewer to
    // walk for high percentiles); from the bottom, the one where rank values are reached.
    long wanted = fromTop ? size - rank + 1 : rank;
    TreeMap<Long, Long> ranges = ranges();
    long passed = 0;
    for (Map.Entry<Long, Long> range : (fromTop ? ranges.descendingMap() : ranges).entrySet()) {
      if (passed + range.getValue() < wanted) {
        passed += range.getValue();
        continue;
      }
      NavigableMap<Long, Integer> inRange =
          counts.subMap(
              range.getKey() << RANGE_BITS, true, (range.getKey() + 1) << RANGE_BITS, false);
      for (Map.Entry<Long, Integer> e : (fromTop ? inRange.descendingMap() : inRange).entrySet()) {
        passed += e.getValue();
        if (passed >= wanted) {
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

  private TreeMap<Long, Long> ranges() {
    if (perRange == null) {
      perRange = new TreeMap<>();
      counts.forEach((value, count) -> addToRange(perRange, value, count));
    }
    return perRange;
  }

  private static void addToRange(TreeMap<Long, Long> ranges, long value, int sign) {
    long range = value >> RANGE_BITS;
    if (ranges.merge(range, (long) sign, Long::sum) == 0) {
      ranges.remove(range);
    }
  }
}
