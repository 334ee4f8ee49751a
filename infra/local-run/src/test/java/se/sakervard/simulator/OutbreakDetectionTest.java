package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.sakervard.infections.CaseClusters;
import se.sakervard.infections.ClusterCase;
import se.sakervard.infections.InfectionCluster;
import se.sakervard.infections.Pathogen;
import se.sakervard.schemas.infections.InfectionCase;

/**
 * The job's cluster detection ({@link CaseClusters}, 14 days, 72 hours for noro/calicivirus) on a
 * simulated year of 10 hospitals with seeded outbreaks: every outbreak is found; clusters without
 * an outbreak case (chance clusters of sporadic cases) are counted and printed.
 */
class OutbreakDetectionTest {
  private static final Duration DEFAULT = Duration.ofDays(14);
  private static final Duration FAST = Duration.ofHours(72);

  @Test
  void shouldFindEverySeededOutbreakAndReportTheChanceClusters() {
    InfectionRun run =
        InfectionRun.of(
            new InfectionSimulationConfig(
                10,
                21,
                Instant.parse("2025-01-01T00:00:00Z"),
                Duration.ofDays(365),
                FaultRates.none(),
                InfectionFaultRates.none(),
                InfectionSimulationConfig.DEFAULT_OUTBREAKS_PER_HOSPITAL_YEAR));
    Map<String, CaseClusters> byUnitAndPathogen = new HashMap<>();
    for (InfectionRun.Sent s :
        InfectionRun.ofKind(run.sent(), RecordKind.INFECTION_CASE, RecordKind.OUTBREAK_CASE)) {
      InfectionCase c = (InfectionCase) s.observation();
      Pathogen pathogen = Pathogen.of(c.getOrganism(), c.getInfectionType().name());
      String unit = s.envelope().getUnitCode();
      byUnitAndPathogen
          .computeIfAbsent(
              unit + "|" + pathogen.key(),
              k ->
                  new CaseClusters(
                      "R", "H", unit, pathogen, pathogen.window(DEFAULT, FAST).toMillis()))
          .add(new ClusterCase(c.getCaseRef(), c.getOnsetTime().toEpochMilli()), Long.MIN_VALUE);
    }
    List<InfectionCluster> clusters = new ArrayList<>();
    for (CaseClusters c : byUnitAndPathogen.values()) {
      c.closeUpTo(Long.MAX_VALUE - FAST.toMillis());
      clusters.addAll(c.clusters.values());
    }

    Set<String> outbreakCases = new HashSet<>();
    int seeded = 0;
    for (SeededOutbreak o : run.outbreaks()) {
      outbreakCases.addAll(o.caseRefs());
      if (o.caseRefs().size() >= 2) {
        seeded++;
        assertThat(clusters)
            .as("outbreak %s on %s", o.organism(), o.unitCode())
            .anyMatch(c -> c.caseRefs().containsAll(o.caseRefs()));
      }
    }
    long unitYears = run.region().units().size();
    List<InfectionCluster> chance =
        clusters.stream()
            .filter(c -> c.caseRefs().stream().noneMatch(outbreakCases::contains))
            .toList();
    long chanceOfThreeOrMore = chance.stream().filter(c -> c.size() >= 3).count();
    System.out.printf(
        "Cluster detection: %d of %d seeded outbreaks found; %d chance clusters (%.2f per"
            + " unit-year), %d of them with 3 or more cases (%.3f per unit-year)%n",
        seeded,
        seeded,
        chance.size(),
        (double) chance.size() / unitYears,
        chanceOfThreeOrMore,
        (double) chanceOfThreeOrMore / unitYears);
    assertThat(seeded).isGreaterThan(10);
    // Chance clusters are reported, not yet bounded: at the simulated rates they are common (10
    // hospitals, seed 21: 5.4 per unit-year, 0.9 per unit-year with 3 or more cases). The
    // threshold of issue 4 waits for a decision on the rule (3+ cases, or a baseline per unit).
  }
}
