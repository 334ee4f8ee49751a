package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact nearest-rank percentiles and range counts of a multiset that values also leave. */
class ValueCountsTest {

  @Test
  void shouldGiveNearestRankPercentiles() {
    ValueCounts v = new ValueCounts();
    for (long x : new long[] {4, 1, 3, 2}) {
      v.add(x, 1);
    }
    // Nearest rank: the smallest value with at least p% at or below it.
    assertThat(v.percentile(50)).isEqualTo(2);
    assertThat(v.percentile(75)).isEqualTo(3);
    assertThat(v.percentile(90)).isEqualTo(4);
    v.add(4, -1);
    assertThat(v.percentile(90)).isEqualTo(3);
    assertThat(new ValueCounts().percentile(50)).isNull();
  }

  @Test
  void shouldAgreeWithSortingForRepeatedValuesAndEveryPercentile() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 200; round++) {
      ValueCounts v = new ValueCounts();
      List<Long> values = new ArrayList<>();
      int n = random.nextInt(1, 40);
      for (int i = 0; i < n; i++) {
        long x = random.nextInt(10);
        values.add(x);
        v.add(x, 1);
      }
      Collections.sort(values);
      for (int p = 1; p <= 100; p++) {
        int rank = (int) Math.ceil(p / 100.0 * n);
        assertThat(v.percentile(p)).as("p%d of %s", p, values).isEqualTo(values.get(rank - 1));
      }
      int from = random.nextInt(10);
      int to = random.nextInt(10);
      assertThat(v.countIn(from, to))
          .isEqualTo(values.stream().filter(x -> x >= from && x < to).count());
    }
  }

  @Test
  void shouldAgreeWithSortingForWideValuesThatAlsoLeave() {
    // Values spread over many ranges of 1024 (reporting delays up to a month in minutes, and
    // negative ones), some of them removed again, as late corrections do.
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 100; round++) {
      ValueCounts v = new ValueCounts();
      List<Long> values = new ArrayList<>();
      int n = random.nextInt(1, 300);
      for (int i = 0; i < n; i++) {
        long x = random.nextInt(-3_000, 45_000);
        values.add(x);
        v.add(x, 1);
        if (i % 3 == 0) {
          // Asked between changes, so the ranges follow every later add and removal.
          assertThat(v.percentile(50)).isNotNull();
        }
      }
      for (int i = 0; i < n / 3; i++) {
        Long gone = values.remove(random.nextInt(values.size()));
        v.add(gone, -1);
      }
      Collections.sort(values);
      for (int p = 1; p <= 100; p++) {
        int rank = (int) Math.ceil(p / 100.0 * values.size());
        assertThat(v.percentile(p)).as("p%d", p).isEqualTo(values.get(Math.max(rank, 1) - 1));
      }
    }
  }

  @Test
  void shouldAnswerAfterEveryUpdateAsAFreshWalkWould() {
    // Updates as a month's tally makes them: a case's old value out, its new value in, the new
    // one mostly the same. Percentiles are asked after every update, so some answers come from
    // the previous walk: each must equal that of a multiset built afresh from the same values.
    SplittableRandom random = new SplittableRandom(11);
    ValueCounts v = new ValueCounts();
    List<Long> values = new ArrayList<>();
    for (int update = 0; update < 3_000; update++) {
      if (values.isEmpty() || random.nextInt(5) == 0) {
        long x = random.nextInt(0, 5_000);
        values.add(x);
        v.add(x, 1);
      } else {
        int i = random.nextInt(values.size());
        long old = values.get(i);
        long now = random.nextInt(4) == 0 ? random.nextInt(0, 5_000) : old;
        v.add(old, -1);
        v.add(now, 1);
        values.set(i, now);
      }
      ValueCounts fresh = new ValueCounts();
      values.forEach(x -> fresh.add(x, 1));
      for (double p : new double[] {50, 90}) {
        assertThat(v.percentile(p))
            .as("p%s after update %d", p, update)
            .isEqualTo(fresh.percentile(p));
      }
    }
  }
}
