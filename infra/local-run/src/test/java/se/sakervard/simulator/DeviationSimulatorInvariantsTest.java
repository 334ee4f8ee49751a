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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.ActionsDecided;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReopened;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.DeviationType;
import se.sakervard.schemas.deviations.InvestigationStarted;
import se.sakervard.schemas.deviations.LexMariaFiled;

/**
 * The event semantics a deviation job relies on, over 200 days of a three-hospital region without
 * faults: about 15,000 cases, including summer and the turn of the year.
 */
class DeviationSimulatorInvariantsTest {
  private static final Pattern PERSONAL_IDENTITY_NUMBER = Pattern.compile("\\d{6,8}[-+]?\\d{4}");

  private static DeviationRun run;
  private static List<DeviationRun.Sent> sent;
  private static DeviationCases cases;

  @BeforeAll
  static void simulate() {
    run =
        DeviationRun.of(
            3,
            7,
            "2025-06-16T04:30:00Z",
            Duration.ofDays(200),
            FaultRates.none(),
            DeviationFaultRates.none());
    sent = run.sent();
    cases = new DeviationCases(sent);
  }

  @Test
  void shouldSendEveryRecordAtItsEventTimeInEventTimeOrderInsideThePeriod() {
    List<String> violations = new ArrayList<>();
    Instant previous = run.config().start();
    for (DeviationRun.Sent s : sent) {
      if (!s.record().sendAt().equals(s.eventTime())
          || !s.record().eventTime().equals(s.eventTime())) {
        violations.add(s.record() + " not sent at its event time " + s.eventTime());
      }
      if (s.eventTime().isBefore(previous)) {
        violations.add(s.eventTime() + " after " + previous);
      }
      previous = s.eventTime();
    }
    assertThat(violations).isEmpty();
    assertThat(previous).isBefore(run.config().end());
    assertThat(cases.all()).hasSizeGreaterThan(10_000);
  }

  @Test
  void shouldReportEveryCaseOnceBeforeAnythingElseHappensToIt() {
    List<String> violations = new ArrayList<>();
    Map<String, DeviationRun.Sent> reports = new HashMap<>();
    for (DeviationRun.Sent s : sent) {
      DeviationRun.Sent report = reports.get(s.caseRef());
      if (s.event().getChange() instanceof CaseReported) {
        if (report != null) {
          violations.add("second report of " + s.caseRef());
        }
        reports.put(s.caseRef(), s);
      } else if (report == null) {
        violations.add(s.kind() + " before the report of " + s.caseRef());
      } else if (!s.eventTime().isAfter(report.eventTime())
          || !s.eventTime().isAfter(occurred(report))) {
        violations.add(s.kind() + " at " + s.eventTime() + " not after the report " + report);
      }
    }
    assertThat(violations).isEmpty();
    assertThat(reports.values())
        .allSatisfy(r -> assertThat(occurred(r)).isBefore(r.eventTime()))
        .anySatisfy(r -> assertThat(occurred(r)).isBefore(run.config().start()));
  }

  @Test
  void shouldKeyEveryRecordByItsCaseAndKeepTheCaseOnItsUnit() {
    List<String> violations = new ArrayList<>();
    Map<String, String> unitOfCase = new HashMap<>();
    for (DeviationRun.Sent s : sent) {
      Envelope envelope = s.event().getEnvelope();
      SimulatedUnit unit = run.region().unit(envelope.getUnitCode());
      String unitCode = unitOfCase.putIfAbsent(s.caseRef(), envelope.getUnitCode());
      if (!s.caseRef().equals(s.record().key())
          || unit == null
          || !envelope.getHospitalCode().equals(unit.hospitalCode())
          || !envelope.getRegionCode().equals(run.region().regionCode())
          || !envelope.getSourceSystem().equals(DeviationEventFactory.SOURCE_SYSTEM)
          || (unitCode != null && !unitCode.equals(envelope.getUnitCode()))) {
        violations.add(s.record().key() + ": " + s.event());
      }
    }
    assertThat(violations).isEmpty();
    assertThat(new HashSet<>(unitOfCase.values()))
        .as("units with cases")
        .hasSize(run.region().units().size());
  }

  @Test
  void shouldClassifyBeforeInvestigatingAndDecideActionsBeforeTheFirstClose() {
    List<String> violations = new ArrayList<>();
    for (DeviationCases.Case c : cases.all()) {
      Instant classified = c.first(CaseClassified.class);
      List<Instant> steps =
          Stream.of(
                  classified,
                  c.first(InvestigationStarted.class),
                  c.first(ActionsDecided.class),
                  c.first(CaseClosed.class))
              .filter(t -> t != null)
              .toList();
      boolean handled = steps.size() > (classified == null ? 0 : 1);
      if ((handled && classified == null)
          || !steps.stream().sorted().toList().equals(steps)
          || steps.size() != new HashSet<>(steps).size()) {
        violations.add(c.ref + " steps at " + steps);
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void shouldAlternateClosesAndReopeningsStartingWithAClose() {
    List<String> violations = new ArrayList<>();
    int reopened = 0;
    for (DeviationCases.Case c : cases.all()) {
      boolean open = true;
      Instant reopenedAt = null;
      Instant closedAt = null;
      for (DeviationRun.Sent e : c.events) {
        Object change = e.event().getChange();
        if (change instanceof CaseClosed) {
          // Closed again 5-30 days after a reopening.
          if (!open || (reopenedAt != null && !daysBetween(reopenedAt, e, 5, 30))) {
            violations.add(c.ref + " closed at " + e.eventTime() + ", reopened " + reopenedAt);
          }
          open = false;
          closedAt = e.eventTime();
        } else if (change instanceof CaseReopened) {
          // Reopened 5-60 days after the close.
          if (open || !daysBetween(closedAt, e, 5, 60)) {
            violations.add(c.ref + " reopened at " + e.eventTime() + ", closed " + closedAt);
          }
          open = true;
          reopenedAt = e.eventTime();
          reopened++;
        }
      }
    }
    assertThat(violations).isEmpty();
    assertThat(reopened).isGreaterThan(50);
  }

  @Test
  void shouldFileLexMariaOnlyForCasesClassifiedAsSeriousCareInjury() {
    List<String> violations = new ArrayList<>();
    int filed = 0;
    for (DeviationCases.Case c : cases.all()) {
      CaseClassified latest = null;
      for (DeviationRun.Sent e : c.events) {
        Object change = e.event().getChange();
        if (change instanceof CaseClassified classified) {
          latest = classified;
          if (classified.getSeriousCareInjury()
              && (classified.getConsequence() < 3
                  || classified.getDeviationType() != DeviationType.NEGATIVE_EVENT)) {
            violations.add(c.ref + " serious but " + classified);
          }
        } else if (change instanceof LexMariaFiled) {
          filed++;
          if (latest == null || !latest.getSeriousCareInjury()) {
            violations.add(c.ref + " filed after " + latest);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
    assertThat(filed).isGreaterThan(10);
  }

  @Test
  void shouldStartAnEventAnalysisExactlyWhenTheRiskRuleCallsForOne() {
    List<String> violations = new ArrayList<>();
    for (DeviationCases.Case c : cases.all()) {
      List<CaseClassified> classifications = c.classifications();
      for (DeviationRun.Sent e : c.events) {
        if (e.event().getChange() instanceof InvestigationStarted started) {
          CaseClassified first = classifications.get(0);
          // Risk = consequence × likelihood at least 8, or consequence at least 3.
          boolean needed =
              first.getConsequence() >= 3 || first.getConsequence() * first.getLikelihood() >= 8;
          if (started.getEventAnalysis() != needed) {
            violations.add(c.ref + " " + started + " after " + first);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void shouldGiveEveryEventItsOwnId() {
    Set<String> ids = new HashSet<>();
    sent.forEach(s -> ids.add(s.event().getEnvelope().getEventId()));
    assertThat(ids).hasSameSizeAs(sent);
  }

  @Test
  void shouldNameAPatientInMostReportsAndNeverAnythingShapedLikeAPersonalIdentityNumber() {
    List<DeviationRun.Sent> withFaults =
        DeviationRun.of(
                2,
                8,
                "2025-01-06T00:00:00Z",
                Duration.ofDays(60),
                FaultRates.typical(),
                new DeviationFaultRates(0.05, 0.05, 0.05))
            .sent();

    assertThat(Stream.concat(sent.stream(), withFaults.stream()).flatMap(s -> strings(s).stream()))
        .noneMatch(field -> PERSONAL_IDENTITY_NUMBER.matcher(field).find());
    assertThat(DeviationCases.share(cases.all(), c -> c.report.getPatientRef() != null))
        .isBetween(0.6, 0.9);
  }

  private static Instant occurred(DeviationRun.Sent report) {
    return ((CaseReported) report.event().getChange()).getOccurredTime();
  }

  private static boolean daysBetween(Instant from, DeviationRun.Sent to, int min, int max) {
    Duration gap = Duration.between(from, to.eventTime());
    return gap.compareTo(Duration.ofDays(min)) >= 0 && gap.compareTo(Duration.ofDays(max)) <= 0;
  }

  private static List<String> strings(DeviationRun.Sent s) {
    Envelope e = s.event().getEnvelope();
    List<String> strings =
        new ArrayList<>(
            List.of(
                e.getEventId(),
                e.getSourceSystem(),
                e.getRegionCode(),
                e.getHospitalCode(),
                e.getUnitCode(),
                s.event().getCaseRef()));
    if (s.event().getChange() instanceof CaseReported r && r.getPatientRef() != null) {
      strings.add(r.getPatientRef());
    }
    if (s.record().key() != null) {
      strings.add(s.record().key());
    }
    return strings;
  }
}
