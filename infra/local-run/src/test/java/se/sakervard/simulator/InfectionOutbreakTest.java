package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.infections.InfectionCase;

/**
 * The seeded outbreaks are what their ground truth says, over a year of a ten-hospital region at
 * ten outbreaks per hospital and year (five times the default, about 100 outbreaks), so that a
 * cluster detector's recall can be measured against {@link InfectionSimulator#outbreaks()}.
 */
class InfectionOutbreakTest {
  private static final double RATE = 10;
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration YEAR = Duration.ofDays(365);

  private static InfectionRun run;
  private static Map<String, InfectionRun.Sent> outbreakCases;

  @BeforeAll
  static void simulate() {
    run = InfectionRun.of(config(10, 4, RATE));
    outbreakCases = new HashMap<>();
    InfectionRun.ofKind(run.sent(), RecordKind.OUTBREAK_CASE)
        .forEach(s -> outbreakCases.put(s.record().key(), s));
  }

  @Test
  void shouldSeedOutbreaksAtAboutTheConfiguredRate() {
    // Poisson: 100 ± 10.
    assertThat(run.outbreaks().size()).isBetween(70, 130);
    InfectionRun defaultRate =
        InfectionRun.of(
            new InfectionSimulationConfig(
                10, 4, START, YEAR, FaultRates.none(), InfectionFaultRates.none()));
    // The default two per hospital and year: 20 ± 4.5.
    assertThat(defaultRate.outbreaks().size()).isBetween(8, 34);
    assertThat(defaultRate.count(RecordKind.OUTBREAK_CASE))
        .isEqualTo(defaultRate.outbreaks().stream().mapToLong(o -> o.caseRefs().size()).sum());
  }

  @Test
  void shouldListExactlyTheOutbreakCasesSentEachOnce() {
    List<String> listed = run.outbreaks().stream().flatMap(o -> o.caseRefs().stream()).toList();

    assertThat(listed).doesNotHaveDuplicates();
    assertThat(Set.copyOf(listed)).isEqualTo(outbreakCases.keySet());
    assertThat(run.count(RecordKind.OUTBREAK_CASE)).isEqualTo(listed.size());
  }

  @Test
  void shouldGiveEachOutbreakThreeToEightCasesOfOneOrganismOnOneUnitEachWithinTheWindow() {
    long window = Duration.ofDays(14).toMillis();
    long fastWindow = Duration.ofHours(72).toMillis();
    Instant end = run.config().end();
    int complete = 0;
    for (SeededOutbreak outbreak : run.outbreaks()) {
      List<InfectionCase> cases =
          outbreak.caseRefs().stream().map(ref -> outbreakCases.get(ref).infectionCase()).toList();
      assertThat(outbreak.caseRefs())
          .allSatisfy(
              ref ->
                  assertThat(outbreakCases.get(ref).envelope().getUnitCode())
                      .isEqualTo(outbreak.unitCode()));
      assertThat(run.region().unit(outbreak.unitCode()).hospitalCode())
          .isEqualTo(outbreak.hospitalCode());
      assertThat(cases)
          .allSatisfy(
              c -> {
                assertThat(c.getOrganism()).isEqualTo(outbreak.organism());
                assertThat(c.getInfectionType()).isEqualTo(outbreak.infectionType());
              });
      assertThat(cases.get(0).getOnsetTime()).isEqualTo(outbreak.firstOnset());
      assertThat(cases.get(cases.size() - 1).getOnsetTime()).isEqualTo(outbreak.lastOnset());
      boolean fast =
          outbreak.organism().equals("Norovirus") || outbreak.organism().contains("calici");
      assertThat(outbreak.window().toMillis()).isEqualTo(fast ? fastWindow : window);
      for (int i = 1; i < cases.size(); i++) {
        Duration gap =
            Duration.between(cases.get(i - 1).getOnsetTime(), cases.get(i).getOnsetTime());
        assertThat(gap).isPositive().isLessThanOrEqualTo(outbreak.window());
      }
      // Outbreaks that could not have been cut by the end of the period have all their cases.
      if (outbreak.firstOnset().plus(Duration.ofDays(8 * 12 + 7)).isBefore(end)) {
        assertThat(cases.size()).isBetween(3, 8);
        complete++;
      }
    }
    assertThat(complete).isGreaterThan(50);
  }

  @Test
  void shouldSeedMostlyNorovirusOutbreaksInWinter() {
    Map<Boolean, List<SeededOutbreak>> bySeason =
        run.outbreaks().stream()
            .collect(
                Collectors.partitioningBy(
                    o ->
                        InfectionFlow.winter(
                            CareCalendar.local(o.firstOnset().toEpochMilli()).toLocalDate())));
    double winterNorovirus = norovirusShare(bySeason.get(true));
    double summerNorovirus = norovirusShare(bySeason.get(false));

    assertThat(winterNorovirus).isBetween(0.3, 0.7);
    assertThat(summerNorovirus).isLessThan(winterNorovirus - 0.1);
  }

  @Test
  void shouldListAnOutbreakBeforeHandingOutAnyOfItsCases() {
    InfectionSimulator simulator =
        new InfectionSimulator(
            new InfectionSimulationConfig(
                3,
                5,
                START,
                Duration.ofDays(120),
                FaultRates.typical(),
                InfectionFaultRates.none(),
                RATE));
    int checked = 0;
    while (simulator.hasNext()) {
      SimulatedRecord record = simulator.next();
      if (record.kind() == RecordKind.OUTBREAK_CASE) {
        assertThat(simulator.outbreaks())
            .anySatisfy(o -> assertThat(o.caseRefs()).contains(record.key()));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void shouldSeedNoOutbreakAtRateZero() {
    InfectionRun none = InfectionRun.of(config(3, 4, 0));

    assertThat(none.outbreaks()).isEmpty();
    assertThat(none.count(RecordKind.OUTBREAK_CASE)).isZero();
    assertThat(none.count(RecordKind.INFECTION_CASE)).isGreaterThan(2000);
  }

  private static double norovirusShare(List<SeededOutbreak> outbreaks) {
    return outbreaks.stream().filter(o -> o.organism().equals("Norovirus")).count()
        / (double) outbreaks.size();
  }

  private static InfectionSimulationConfig config(int hospitals, long seed, double rate) {
    return new InfectionSimulationConfig(
        hospitals, seed, START, YEAR, FaultRates.none(), InfectionFaultRates.none(), rate);
  }
}
