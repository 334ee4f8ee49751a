package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.infections.HygieneObservation;
import se.sakervard.schemas.infections.HygieneStepResult;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionType;
import se.sakervard.schemas.infections.MultiResistantFinding;
import se.sakervard.schemas.infections.MultiResistantOrganism;
import se.sakervard.schemas.infections.PrevalenceSurveyRecord;

/**
 * The simulated infection observations look like a Swedish region's, measured from the records
 * alone over 2025 in a ten-hospital region (seed 1, 174 units, about 1.06 million patient days),
 * the patient days computed apart from the simulator (see {@link InfectionRun#patientDays()}).
 *
 * <p>Expected (see {@link InfectionFlow}): 9.0 sporadic VRI per 1000 patient days, and the default
 * two outbreaks per hospital and year add about 20 × 5.5 cases, 0.1 per 1000; about 9,600 cases, so
 * a Poisson spread of 1% (±0.1). C. difficile 0.98 per 1000 (about 1,050 cases, ±3%). Each survey
 * finds about 3,000 inpatients; a VRI lasts 10.2 days on average, so about 9.0 × 10.2 ≈ 9.1% have
 * one, a little more in March (norovirus season) than in October, and a little less for the
 * weekends before, when five-day wards had fewer patients (each survey ±0.5 points). About 10
 * hygiene observations per unit and month, 20,900 in all, so the shares (79.1% all steps, 82.6%
 * hygiene, 94.1% dress code) have a spread of 0.3 points, and all steps come out above hygiene ×
 * dress (77.7%). Resistant findings ESBL 0.50, MRSA 0.15, VRE 0.03 per 1000 patient days (about
 * 530, 160 and 32 findings). Seed 1 measured 9.06 VRI and 1.05 C. difficile per 1000, 8.8% and 8.7%
 * in the two surveys, 79.0% / 82.4% / 94.2%, 10.0 observations per unit-month, and ESBL 0.50, MRSA
 * 0.13, VRE 0.026 per 1000.
 *
 * <p>Chance clusters: two sporadic cases of the same organism (or the same type, organism unknown)
 * on one unit within the window are possible but uncommon for any one organism. With a 20-bed unit
 * having a VRI every week, they still add up: about one case in nine follows another of its
 * organism on its unit within the window, C. difficile at the domain rate alone giving about one
 * such pair per unit and year.
 */
class InfectionSimulatorCalibrationTest {
  private static InfectionRun run;
  private static double patientDays;
  private static List<InfectionRun.Sent> sent;
  private static List<InfectionRun.Sent> cases;
  private static List<HygieneObservation> observations;

  @BeforeAll
  static void simulate() {
    run =
        InfectionRun.of(
            10,
            1,
            "2025-01-01T00:00:00Z",
            Duration.ofDays(365),
            FaultRates.none(),
            InfectionFaultRates.none());
    sent = run.sent();
    patientDays = run.patientDays();
    cases = InfectionRun.ofKind(sent, RecordKind.INFECTION_CASE, RecordKind.OUTBREAK_CASE);
    observations =
        InfectionRun.ofKind(sent, RecordKind.HYGIENE_OBSERVATION).stream()
            .map(s -> (HygieneObservation) s.observation())
            .toList();
  }

  @Test
  void shouldConfirmAboutNineVriPer1000PatientDays() {
    double ordinaryYear =
        run.region().units().stream()
            .mapToDouble(u -> u.baseBeds() * (u.technical() ? 0.75 : 0.86) * 365)
            .sum();
    // Summer and weekend closures take a few percent.
    assertThat(patientDays / ordinaryYear).isBetween(0.93, 0.99);
    assertThat(per1000PatientDays(cases.size())).isBetween(8.6, 9.5);
  }

  @Test
  void shouldConfirmAboutOneClostridioidesDifficilePer1000PatientDays() {
    long cDifficile = casesOf(InfectionType.CLOSTRIDIOIDES_DIFFICILE).size();

    assertThat(per1000PatientDays(cDifficile)).isBetween(0.88, 1.12);
  }

  @Test
  void shouldMakeUrinaryTractInfectionsTheCommonestAndPneumoniaTheNext() {
    Map<InfectionType, Long> byType =
        cases.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.infectionCase().getInfectionType(),
                    () -> new EnumMap<>(InfectionType.class),
                    Collectors.counting()));
    List<InfectionType> order =
        byType.entrySet().stream()
            .sorted(Map.Entry.<InfectionType, Long>comparingByValue().reversed())
            .map(Map.Entry::getKey)
            .toList();

    assertThat(order).startsWith(InfectionType.URINARY_TRACT, InfectionType.PNEUMONIA);
    assertThat(byType.get(InfectionType.URINARY_TRACT) / (double) cases.size())
        .isCloseTo(0.25, within(0.02));
  }

  @Test
  void shouldInfectIntensiveCarePatientsAboutThreeTimesAsOftenAsOthers() {
    double intensiveCareDays = 0;
    double otherDays = 0;
    for (SimulatedUnit unit : run.region().units()) {
      // Intensive care closes no beds, so its patient days are its beds × 75% × 365.
      if (unit.technical()) {
        intensiveCareDays += unit.baseBeds() * 0.75 * 365;
      }
    }
    otherDays = patientDays - intensiveCareDays;
    long intensiveCareCases = cases.stream().filter(s -> unit(s).technical()).count();

    double ratio =
        (intensiveCareCases / intensiveCareDays)
            / ((cases.size() - intensiveCareCases) / otherDays);
    assertThat(ratio).isBetween(2.4, 3.8);
  }

  @Test
  void shouldFindAboutNinePercentOfInpatientsWithAVriInEachSurvey() {
    Map<String, List<PrevalenceSurveyRecord>> surveys =
        sent.stream()
            .filter(s -> s.kind() == RecordKind.SURVEY_RECORD)
            .map(s -> (PrevalenceSurveyRecord) s.observation())
            .collect(Collectors.groupingBy(PrevalenceSurveyRecord::getSurveyId));

    assertThat(surveys).hasSize(2);
    double occupiedBeds =
        run.region().units().stream()
            .mapToDouble(u -> u.baseBeds() * (u.technical() ? 0.75 : 0.86))
            .sum();
    surveys.forEach(
        (id, records) -> {
          assertThat((double) records.size()).as(id).isCloseTo(occupiedBeds, within(100.0));
          double prevalence =
              records.stream().filter(r -> !r.getInfectionTypes().isEmpty()).count()
                  / (double) records.size();
          assertThat(prevalence).as(id).isBetween(0.07, 0.105);
        });
  }

  @Test
  void shouldObserveHygieneAboutTenTimesPerUnitAndMonth() {
    double unitMonths = run.region().units().size() * 12.0;

    assertThat(observations.size() / unitMonths).isBetween(9.6, 10.4);
  }

  @Test
  void shouldMatchTheRegionsHygieneAndDressCodeShares() {
    double all = share(observations, o -> correct(o, 0, 8));
    double hygiene = share(observations, o -> correct(o, 0, 4));
    double dress = share(observations, o -> correct(o, 4, 8));

    assertThat(all).isCloseTo(0.791, within(0.012));
    assertThat(hygiene).isCloseTo(0.826, within(0.012));
    assertThat(dress).isCloseTo(0.941, within(0.008));
    // Not independent: careful staff are careful with both.
    assertThat(all - hygiene * dress).isBetween(0.006, 0.025);
  }

  @Test
  void shouldFindEsblMostOftenThenMrsaAndRarelyVre() {
    Map<MultiResistantOrganism, Long> findings =
        sent.stream()
            .filter(s -> s.kind() == RecordKind.MULTI_RESISTANT_FINDING)
            .collect(
                Collectors.groupingBy(
                    s -> ((MultiResistantFinding) s.observation()).getOrganism(),
                    Collectors.counting()));

    assertThat(per1000PatientDays(findings.get(MultiResistantOrganism.ESBL))).isBetween(0.43, 0.57);
    assertThat(per1000PatientDays(findings.get(MultiResistantOrganism.MRSA))).isBetween(0.11, 0.19);
    assertThat(per1000PatientDays(findings.get(MultiResistantOrganism.VRE))).isBetween(0.015, 0.05);
  }

  @Test
  void shouldConfirmCasesAboutADayAfterOnsetWithinHoursToDays() {
    List<Double> days =
        cases.stream()
            .map(
                s ->
                    Duration.between(s.infectionCase().getOnsetTime(), s.eventTime()).toMinutes()
                        / 1440.0)
            .sorted()
            .toList();

    assertThat(days.get(days.size() / 2)).isBetween(0.85, 1.2);
    assertThat(days.get(days.size() / 10)).isBetween(0.25, 0.5);
    assertThat(days.get(days.size() * 9 / 10)).isBetween(2.2, 3.5);
  }

  @Test
  void shouldFindMostlyNoroOrCaliciVirusInGastroenteritisInWinter() {
    Map<Boolean, List<InfectionCase>> bySeason =
        casesOf(InfectionType.GASTROENTERITIS).stream()
            .collect(
                Collectors.partitioningBy(
                    c ->
                        InfectionFlow.winter(
                            LocalDate.ofInstant(c.getOnsetTime(), CareCalendar.ZONE))));

    assertThat(share(bySeason.get(true), c -> InfectionFlow.spreadsFast(c.getOrganism())))
        .isBetween(0.65, 0.85);
    assertThat(share(bySeason.get(false), c -> InfectionFlow.spreadsFast(c.getOrganism())))
        .isBetween(0.2, 0.5);
    assertThat(bySeason.get(true).size()).isGreaterThan(2 * bySeason.get(false).size());
  }

  @Test
  void shouldLetSporadicCasesOfOneOrganismMeetOnAUnitNowAndThen() {
    Map<String, List<InfectionCase>> byUnitAndPathogen = new HashMap<>();
    for (InfectionRun.Sent s : InfectionRun.ofKind(sent, RecordKind.INFECTION_CASE)) {
      InfectionCase c = s.infectionCase();
      String pathogen = c.getOrganism() != null ? c.getOrganism() : "type " + c.getInfectionType();
      byUnitAndPathogen
          .computeIfAbsent(s.envelope().getUnitCode() + " " + pathogen, k -> new ArrayList<>())
          .add(c);
    }
    long sporadic = 0;
    long followers = 0;
    long cDifficileFollowers = 0;
    for (List<InfectionCase> group : byUnitAndPathogen.values()) {
      group.sort(Comparator.comparing(InfectionCase::getOnsetTime));
      sporadic += group.size();
      for (int i = 1; i < group.size(); i++) {
        InfectionCase c = group.get(i);
        Duration gap = Duration.between(group.get(i - 1).getOnsetTime(), c.getOnsetTime());
        if (gap.toMillis() <= InfectionFlow.detectionWindow(c.getOrganism())) {
          followers++;
          if (c.getInfectionType() == InfectionType.CLOSTRIDIOIDES_DIFFICILE) {
            cDifficileFollowers++;
          }
        }
      }
    }
    int units = run.region().units().size();

    assertThat(followers / (double) sporadic).isBetween(0.05, 0.18);
    assertThat(cDifficileFollowers / (double) units).isBetween(0.7, 2.0);
  }

  private static List<InfectionCase> casesOf(InfectionType type) {
    return cases.stream()
        .map(InfectionRun.Sent::infectionCase)
        .filter(c -> c.getInfectionType() == type)
        .toList();
  }

  private static SimulatedUnit unit(InfectionRun.Sent s) {
    return run.region().unit(s.envelope().getUnitCode());
  }

  private static double per1000PatientDays(long count) {
    return 1000.0 * count / patientDays;
  }

  private static boolean correct(HygieneObservation o, int from, int to) {
    return o.getSteps().stream()
        .filter(s -> s.getStep().ordinal() >= from && s.getStep().ordinal() < to)
        .allMatch(HygieneStepResult::getCorrect);
  }

  private static <T> double share(List<T> items, Predicate<T> predicate) {
    return items.stream().filter(predicate).count() / (double) items.size();
  }
}
