package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.infections.HygieneObservation;
import se.sakervard.schemas.infections.HygieneStepResult;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionType;
import se.sakervard.schemas.infections.MultiResistantFinding;
import se.sakervard.schemas.infections.PrevalenceSurveyRecord;

/**
 * The semantics an infection job relies on, over 250 days of a three-hospital region without
 * faults: both surveys, summer, and the turn from the norovirus season to the rest of the year.
 */
class InfectionSimulatorInvariantsTest {
  private static final Pattern PERSONAL_IDENTITY_NUMBER =
      Pattern.compile("\\b(19|20)\\d{6}-?\\d{4}\\b");
  private static final Pattern PSEUDONYM = Pattern.compile("[A-Z](-[0-9a-f]{4}){4}");

  private static InfectionRun run;
  private static List<InfectionRun.Sent> sent;
  private static List<InfectionRun.Sent> cases;

  @BeforeAll
  static void simulate() {
    run =
        InfectionRun.of(
            3,
            7,
            "2025-02-10T05:30:00Z",
            Duration.ofDays(250),
            FaultRates.none(),
            InfectionFaultRates.none());
    sent = run.sent();
    cases = InfectionRun.ofKind(sent, RecordKind.INFECTION_CASE, RecordKind.OUTBREAK_CASE);
  }

  @Test
  void shouldSendEveryRecordAtItsEventTimeInEventTimeOrderInsideThePeriod() {
    List<String> violations = new ArrayList<>();
    Instant previous = run.config().start();
    for (InfectionRun.Sent s : sent) {
      if (!s.record().sendAt().equals(s.eventTime())
          || !s.record().eventTime().equals(s.eventTime())
          || s.eventTime().isBefore(previous)) {
        violations.add(s.record() + " at " + s.eventTime() + " after " + previous);
      }
      previous = s.eventTime();
    }
    assertThat(violations).isEmpty();
    assertThat(previous).isBefore(run.config().end());
    assertThat(sent.size()).isEqualTo(run.records().size()).isGreaterThan(6000);
  }

  @Test
  void shouldKeyEveryRecordByItsObservationAndGiveItsKindAndSource() {
    List<String> violations = new ArrayList<>();
    Set<RecordKind> kinds = EnumSet.noneOf(RecordKind.class);
    for (InfectionRun.Sent s : sent) {
      kinds.add(s.kind());
      String key = s.record().key();
      String source = s.envelope().getSourceSystem();
      boolean ok;
      if (s.observation() instanceof InfectionCase c) {
        ok =
            key.equals(c.getCaseRef())
                && source.equals(InfectionEventFactory.CASE_SOURCE)
                && (s.kind() == RecordKind.INFECTION_CASE || s.kind() == RecordKind.OUTBREAK_CASE);
      } else if (s.observation() instanceof PrevalenceSurveyRecord r) {
        ok =
            key.equals(r.getSurveyId() + "/" + r.getPatientRef())
                && source.equals(InfectionEventFactory.SURVEY_SOURCE)
                && s.kind() == RecordKind.SURVEY_RECORD;
      } else if (s.observation() instanceof HygieneObservation o) {
        ok =
            key.equals(o.getObservationRef())
                && source.equals(InfectionEventFactory.HYGIENE_SOURCE)
                && s.kind() == RecordKind.HYGIENE_OBSERVATION;
      } else if (s.observation() instanceof MultiResistantFinding f) {
        ok =
            key.equals(f.getFindingRef())
                && source.equals(InfectionEventFactory.LABORATORY_SOURCE)
                && s.kind() == RecordKind.MULTI_RESISTANT_FINDING;
      } else {
        ok = false;
      }
      if (!ok) {
        violations.add(s.kind() + " " + key + ": " + s.event());
      }
    }
    assertThat(violations).isEmpty();
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            RecordKind.INFECTION_CASE,
            RecordKind.OUTBREAK_CASE,
            RecordKind.SURVEY_RECORD,
            RecordKind.HYGIENE_OBSERVATION,
            RecordKind.MULTI_RESISTANT_FINDING);
  }

  @Test
  void shouldPutEveryObservationOnAUnitOfTheRegionAndSpreadThemOverAllUnits() {
    List<String> violations = new ArrayList<>();
    Set<String> unitsSeen = new HashSet<>();
    for (InfectionRun.Sent s : sent) {
      Envelope envelope = s.envelope();
      SimulatedUnit unit = run.region().unit(envelope.getUnitCode());
      if (unit == null
          || !envelope.getHospitalCode().equals(unit.hospitalCode())
          || !envelope.getRegionCode().equals(run.region().regionCode())) {
        violations.add(envelope.toString());
      } else {
        unitsSeen.add(unit.code());
      }
    }
    assertThat(violations).isEmpty();
    assertThat(unitsSeen).hasSize(run.region().units().size());
  }

  @Test
  void shouldConfirmEveryCaseHoursToDaysAfterAnOnsetInsideThePeriod() {
    assertThat(cases)
        .hasSizeGreaterThan(1000)
        .allSatisfy(
            s -> {
              Instant onset = s.infectionCase().getOnsetTime();
              assertThat(onset).isAfterOrEqualTo(run.config().start());
              assertThat(Duration.between(onset, s.eventTime()))
                  .isBetween(Duration.ofHours(2), Duration.ofDays(7));
              assertThat(PSEUDONYM.matcher(s.infectionCase().getPatientRef()).matches()).isTrue();
            });
  }

  @Test
  void shouldNameClostridioidesDifficileForEveryCDifficileCaseAndLeaveSomeOrganismsUnknown() {
    Map<InfectionType, List<InfectionCase>> byType =
        cases.stream()
            .map(InfectionRun.Sent::infectionCase)
            .collect(Collectors.groupingBy(InfectionCase::getInfectionType));

    assertThat(byType).containsOnlyKeys(InfectionType.values());
    assertThat(byType.get(InfectionType.CLOSTRIDIOIDES_DIFFICILE))
        .extracting(InfectionCase::getOrganism)
        .containsOnly("Clostridioides difficile");
    double unknown =
        cases.stream().filter(s -> s.infectionCase().getOrganism() == null).count()
            / (double) cases.size();
    assertThat(unknown).isBetween(0.1, 0.3);
  }

  @Test
  void shouldCheckAllEightStepsOnceInEveryObservationOnWeekdaysInDaytime() {
    List<InfectionRun.Sent> observations =
        InfectionRun.ofKind(sent, RecordKind.HYGIENE_OBSERVATION);

    assertThat(observations)
        .hasSizeGreaterThan(3000)
        .allSatisfy(
            s -> {
              HygieneObservation o = (HygieneObservation) s.observation();
              assertThat(o.getSteps().stream().map(HygieneStepResult::getStep).distinct())
                  .hasSize(8);
              LocalDateTime local = CareCalendar.local(s.eventTime().toEpochMilli());
              assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
              assertThat(local.getHour()).isBetween(8, 15);
            });
  }

  @Test
  void shouldSurveyEveryInpatientOnceOnTheSecondTuesdaysOfMarchAndOctober() {
    Map<String, List<InfectionRun.Sent>> surveys =
        InfectionRun.ofKind(sent, RecordKind.SURVEY_RECORD).stream()
            .collect(Collectors.groupingBy(s -> survey(s).getSurveyId()));

    assertThat(surveys).containsOnlyKeys("R01-PPM-2025-03-11", "R01-PPM-2025-10-14");
    surveys.forEach(
        (id, records) -> {
          LocalDate day = LocalDate.parse(id.substring("R01-PPM-".length()));
          assertThat(records)
              .allSatisfy(
                  s -> {
                    LocalDateTime local = CareCalendar.local(s.eventTime().toEpochMilli());
                    assertThat(local.toLocalDate()).isEqualTo(day);
                    assertThat(local.getHour()).isBetween(8, 17);
                  });
          assertThat(records.stream().map(s -> survey(s).getPatientRef()).distinct().count())
              .isEqualTo(records.size());
          Map<String, Long> perUnit =
              records.stream()
                  .collect(
                      Collectors.groupingBy(
                          s -> s.envelope().getUnitCode(), Collectors.counting()));
          assertThat(perUnit).hasSize(run.region().units().size());
          perUnit.forEach(
              (unit, patients) ->
                  assertThat(patients).isLessThanOrEqualTo(run.region().unit(unit).baseBeds()));
        });
  }

  @Test
  void shouldFindInTheSurveyThePatientsOfCasesGoingOnThatDayWithTheirInfectionType() {
    Map<String, InfectionRun.Sent> caseByPatient = new HashMap<>();
    cases.forEach(s -> caseByPatient.put(s.infectionCase().getPatientRef(), s));
    int matched = 0;
    for (InfectionRun.Sent s : InfectionRun.ofKind(sent, RecordKind.SURVEY_RECORD)) {
      InfectionRun.Sent c = caseByPatient.get(survey(s).getPatientRef());
      if (c != null) {
        matched++;
        assertThat(survey(s).getInfectionTypes())
            .containsExactly(c.infectionCase().getInfectionType());
        assertThat(s.envelope().getUnitCode()).isEqualTo(c.envelope().getUnitCode());
        assertThat(c.infectionCase().getOnsetTime()).isBefore(s.eventTime());
      }
    }
    assertThat(matched).isGreaterThan(30);
  }

  @Test
  void shouldGiveEveryEventItsOwnId() {
    assertThat(sent.stream().map(s -> s.envelope().getEventId()).distinct().count())
        .isEqualTo(sent.size());
  }

  @Test
  void shouldNeverSendAnythingShapedLikeAPersonalIdentityNumber() {
    List<InfectionRun.Sent> withFaults =
        InfectionRun.of(
                2,
                8,
                "2025-03-01T00:00:00Z",
                Duration.ofDays(30),
                FaultRates.typical(),
                new InfectionFaultRates(0.05, 0.05, 0.05))
            .sent();
    List<String> strings =
        Stream.concat(sent.stream(), withFaults.stream())
            .flatMap(s -> strings(s).stream())
            .toList();

    assertThat(strings.size()).isGreaterThan(50_000);
    assertThat(strings).noneMatch(field -> PERSONAL_IDENTITY_NUMBER.matcher(field).find());
  }

  private static PrevalenceSurveyRecord survey(InfectionRun.Sent s) {
    return (PrevalenceSurveyRecord) s.observation();
  }

  private static List<String> strings(InfectionRun.Sent s) {
    Envelope e = s.envelope();
    List<String> strings =
        new ArrayList<>(
            List.of(
                e.getEventId(),
                e.getSourceSystem(),
                e.getRegionCode(),
                e.getHospitalCode(),
                e.getUnitCode(),
                s.record().key()));
    if (s.observation() instanceof InfectionCase c) {
      strings.add(c.getCaseRef());
      strings.add(c.getPatientRef());
      if (c.getOrganism() != null) {
        strings.add(c.getOrganism());
      }
    } else if (s.observation() instanceof PrevalenceSurveyRecord r) {
      strings.add(r.getSurveyId());
      strings.add(r.getPatientRef());
    } else if (s.observation() instanceof HygieneObservation o) {
      strings.add(o.getObservationRef());
    } else if (s.observation() instanceof MultiResistantFinding f) {
      strings.add(f.getFindingRef());
      strings.add(f.getPatientRef());
    } else {
      throw new AssertionError(s.observation());
    }
    return strings;
  }
}
