package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.sakervard.infections.ClusterChange.Kind;
import se.sakervard.infections.InfectionCluster.Status;

/** Clusters of one pathogen on one unit, by hand-worked scenarios (days from day 0). */
class CaseClustersTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final Pathogen KLEBSIELLA = Pathogen.of("Klebsiella pneumoniae", "PNEUMONIA");
  private static final String ID = "U1/organism:klebsiella pneumoniae/";

  private final CaseClusters clusters = new CaseClusters("R", "H", "U1", KLEBSIELLA, 14 * DAY);

  @Test
  void shouldOpenGrowAndCloseACluster() {
    assertThat(clusters.add(new ClusterCase("A", 0), 0)).isEmpty();
    // B 5 days after A: a cluster, opened at B's onset, named after its first case.
    List<ClusterChange> opened = clusters.add(new ClusterCase("B", 5 * DAY), 5 * DAY);
    assertThat(opened)
        .extracting(c -> c.kind(), c -> c.cluster().clusterId(), c -> c.cluster().openedAt())
        .containsExactly(tuple(Kind.OPENED, ID + "A", 5 * DAY));
    // C 7 days after B (12 after A): it grows.
    assertThat(clusters.add(new ClusterCase("C", 12 * DAY), 12 * DAY))
        .extracting(c -> c.kind(), c -> c.cluster().caseRefs(), c -> c.cluster().lastOnset())
        .containsExactly(tuple(Kind.GREW, List.of("A", "B", "C"), 12 * DAY));
    // No case within 14 days of C: closed at day 26, once event time is past it.
    assertThat(clusters.nextClosing()).isEqualTo(26 * DAY + 1);
    assertThat(clusters.closeUpTo(26 * DAY)).isEmpty();
    assertThat(clusters.closeUpTo(26 * DAY + 1))
        .extracting(c -> c.kind(), c -> c.cluster().status(), c -> c.cluster().closedAt())
        .containsExactly(tuple(Kind.CLOSED, Status.CLOSED, 26 * DAY));
    assertThat(clusters.nextClosing()).isNull();
  }

  @Test
  void shouldKeepAClosedClusterWholeWhenForgettingTheCasesBeforeIt() {
    // A day 0, B day 10, C day 20: a cluster closed at day 34. Forgetting before day 15 must not
    // drop A and B (the cluster would lose its first case and seem to vanish); before day 21 it
    // goes whole, and a case alone before it with it.
    clusters.add(new ClusterCase("X", -30 * DAY), -30 * DAY);
    clusters.add(new ClusterCase("A", 0), 0);
    clusters.add(new ClusterCase("B", 10 * DAY), 10 * DAY);
    clusters.add(new ClusterCase("C", 20 * DAY), 20 * DAY);
    clusters.closeUpTo(35 * DAY);

    clusters.forgetBefore(15 * DAY);
    assertThat(clusters.closeUpTo(40 * DAY)).isEmpty();
    assertThat(clusters.clusters.get(ID + "A").caseRefs()).containsExactly("A", "B", "C");
    assertThat(clusters.cases).extracting(c -> c.caseRef).containsExactly("A", "B", "C");

    clusters.forgetBefore(21 * DAY);
    assertThat(clusters.clusters).isEmpty();
    assertThat(clusters.cases).isEmpty();
  }

  @Test
  void shouldNotClusterTheSameOrganismFifteenDaysApart() {
    clusters.add(new ClusterCase("A", 0), 0);
    assertThat(clusters.add(new ClusterCase("B", 15 * DAY), 15 * DAY)).isEmpty();
    assertThat(clusters.clusters).isEmpty();
  }

  @Test
  void shouldMergeTwoClustersWhenALateCaseFallsBetweenThem() {
    // {A day 0, B day 5} and {C day 25, D day 30}: 20 days apart, two clusters.
    clusters.add(new ClusterCase("A", 0), 0);
    clusters.add(new ClusterCase("B", 5 * DAY), 5 * DAY);
    clusters.add(new ClusterCase("C", 25 * DAY), 25 * DAY);
    clusters.add(new ClusterCase("D", 30 * DAY), 30 * DAY);
    assertThat(clusters.clusters).containsOnlyKeys(ID + "A", ID + "C");
    // E, onset day 17 (12 days after B, 8 before C), confirmed late on day 31: one cluster of five,
    // still named after A; C's cluster is merged into it.
    assertThat(clusters.add(new ClusterCase("E", 17 * DAY), 31 * DAY))
        .extracting(c -> c.kind(), c -> c.cluster().clusterId(), c -> c.cluster().mergedInto())
        .containsExactly(tuple(Kind.GREW, ID + "A", null), tuple(Kind.MERGED, ID + "C", ID + "A"));
    assertThat(clusters.clusters.get(ID + "A").caseRefs()).containsExactly("A", "B", "E", "C", "D");
  }

  @Test
  void shouldRenameAClusterWhenALateCaseComesBeforeItsFirst() {
    clusters.add(new ClusterCase("A", 10 * DAY), 10 * DAY);
    clusters.add(new ClusterCase("B", 15 * DAY), 15 * DAY);
    // Z, onset day 2, reported late: Z is now the first case, so the cluster is Z's.
    assertThat(clusters.add(new ClusterCase("Z", 2 * DAY), 16 * DAY))
        .extracting(c -> c.kind(), c -> c.cluster().clusterId(), c -> c.cluster().mergedInto())
        .containsExactly(tuple(Kind.GREW, ID + "Z", null), tuple(Kind.MERGED, ID + "A", ID + "Z"));
  }

  @Test
  void shouldReopenAClosedClusterForALateCaseWithinItsWindow() {
    clusters.add(new ClusterCase("A", 0), 0);
    clusters.add(new ClusterCase("B", 5 * DAY), 5 * DAY);
    clusters.closeUpTo(40 * DAY);
    assertThat(clusters.clusters.get(ID + "A").status()).isEqualTo(Status.CLOSED);
    // C, onset day 18 (13 days after B), reported on day 40: the cluster was never really closed;
    // it grows and stays open until day 18 + 14 = 32 has passed: already so, so it closes again.
    assertThat(clusters.add(new ClusterCase("C", 18 * DAY), 40 * DAY))
        .extracting(c -> c.kind(), c -> c.cluster().status(), c -> c.cluster().closedAt())
        .containsExactly(tuple(Kind.GREW, Status.CLOSED, 32 * DAY));
  }

  @Test
  void shouldUseSeventyTwoHoursForNorovirus() {
    CaseClusters noro =
        new CaseClusters(
            "R",
            "H",
            "U1",
            Pathogen.of("Norovirus GII", "GASTROENTERITIS"),
            Pathogen.of("Norovirus GII", "GASTROENTERITIS")
                .window(Duration.ofDays(14), Duration.ofHours(72))
                .toMillis());
    noro.add(new ClusterCase("A", 0), 0);
    assertThat(noro.add(new ClusterCase("B", 73 * HOUR), 73 * HOUR)).isEmpty();
    assertThat(noro.add(new ClusterCase("C", 100 * HOUR), 100 * HOUR))
        .extracting(ClusterChange::kind)
        .containsExactly(Kind.OPENED);
    assertThat(noro.clusters.values().iterator().next().caseRefs()).containsExactly("B", "C");
  }

  @Test
  void shouldIgnoreACaseReportedTwice() {
    clusters.add(new ClusterCase("A", 0), 0);
    clusters.add(new ClusterCase("B", DAY), DAY);
    assertThat(clusters.add(new ClusterCase("B", 9 * DAY), 9 * DAY)).isEmpty();
    assertThat(clusters.clusters.get(ID + "A").lastOnset()).isEqualTo(DAY);
  }

  @Test
  void shouldEndWithTheSameClustersWhateverOrderTheCasesArriveIn() {
    Random random = new Random(11);
    List<ClusterCase> input = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      input.add(new ClusterCase("K" + i, random.nextInt(1200) * DAY / 2));
    }
    List<InfectionCluster> reference = null;
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(input, random);
      CaseClusters c = new CaseClusters("R", "H", "U1", KLEBSIELLA, 14 * DAY);
      for (ClusterCase k : input) {
        c.add(new ClusterCase(k.caseRef, k.onset), 200 * DAY);
      }
      c.closeUpTo(700 * DAY);
      List<InfectionCluster> result =
          c.clusters.values().stream()
              .sorted((a, b) -> a.clusterId().compareTo(b.clusterId()))
              .toList();
      if (reference == null) {
        reference = result;
        assertThat(reference).hasSizeGreaterThan(3);
      }
      assertThat(result).isEqualTo(reference);
    }
  }
}
