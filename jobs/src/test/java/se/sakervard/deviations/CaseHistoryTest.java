package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.classify;
import static se.sakervard.deviations.DeviationEvents.day;
import static se.sakervard.deviations.DeviationEvents.investigate;
import static se.sakervard.deviations.DeviationEvents.report;
import static se.sakervard.deviations.DeviationEvents.step;
import static se.sakervard.deviations.DeviationInput.Kind.ACTIONS_DECIDED;
import static se.sakervard.deviations.DeviationInput.Kind.CLOSED;
import static se.sakervard.deviations.DeviationInput.Kind.COMPLAINT_ANSWERED;
import static se.sakervard.deviations.DeviationInput.Kind.COMPLAINT_RECEIVED;
import static se.sakervard.deviations.DeviationInput.Kind.LEX_MARIA_FILED;
import static se.sakervard.deviations.DeviationInput.Kind.REOPENED;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaseHistoryTest {
  @Test
  void shouldFoldALifecycleIntoTheCaseFacts() {
    // Reported day 0 as consequence 2 × likelihood 2 (risk 4: no analysis needed); classified
    // day 2 as serious, consequence 3 × likelihood 2 (risk 6, but consequence ≥ 3: analysis
    // needed, deadline day 0 + 14); analysis started day 5, actions day 20, closed day 30, lex
    // Maria day 40, complaint received day 3 and answered day 25.
    CaseHistory history = new CaseHistory();
    for (DeviationInput e :
        List.of(
            report("e1", "C1", 0, 2, 2),
            classify("e2", "C1", 2, 3, 2, true),
            step("e3", "C1", COMPLAINT_RECEIVED, 3),
            investigate("e4", "C1", 5, true),
            step("e5", "C1", ACTIONS_DECIDED, 20),
            step("e6", "C1", COMPLAINT_ANSWERED, 25),
            step("e7", "C1", CLOSED, 30),
            step("e8", "C1", LEX_MARIA_FILED, 40))) {
      assertThat(history.add(e)).isEmpty();
    }

    CaseFacts facts = history.facts(RULE);

    assertThat(facts.occurredAt()).isEqualTo(day(-1));
    assertThat(facts.reportedAt()).isEqualTo(day(0));
    assertThat(facts.category()).isEqualTo("MEDICATION");
    assertThat(facts.consequence()).isEqualTo(3);
    assertThat(facts.riskScore()).isEqualTo(6);
    assertThat(facts.seriousCareInjury()).isTrue();
    assertThat(facts.needsEventAnalysis()).isTrue();
    assertThat(facts.classifiedAt()).isEqualTo(day(2));
    assertThat(facts.eventAnalysisStartedAt()).isEqualTo(day(5));
    assertThat(facts.eventAnalysisDeadline()).isEqualTo(day(14));
    assertThat(facts.actionsDecidedAt()).isEqualTo(day(20));
    assertThat(facts.closedAt()).isEqualTo(day(30));
    assertThat(facts.open()).isFalse();
    assertThat(facts.lexMariaFiledAt()).isEqualTo(day(40));
    assertThat(facts.complaintReceivedAt()).isEqualTo(day(3));
    assertThat(facts.complaintAnsweredAt()).isEqualTo(day(25));
    assertThat(facts.version()).isEqualTo(8);
  }

  @Test
  void shouldReopenAClosedCaseAndLetTheLastCloseStand() {
    // Closed day 10, reopened day 20, closed again day 40: closed at 40, first closed at 10.
    CaseHistory history = new CaseHistory();
    history.add(report("e1", "C1", 0, 1, 1));
    history.add(step("e2", "C1", CLOSED, 10));
    history.add(step("e3", "C1", REOPENED, 20));

    assertThat(history.facts(RULE).open()).isTrue();
    assertThat(history.facts(RULE).reopenings()).isEqualTo(1);

    history.add(step("e4", "C1", CLOSED, 40));
    CaseFacts facts = history.facts(RULE);
    assertThat(facts.closedAt()).isEqualTo(day(40));
    assertThat(facts.firstClosedAt()).isEqualTo(day(10));
    assertThat(facts.needsEventAnalysis()).isFalse();
  }

  @Test
  void shouldHoldEventsUntilTheirReportArrivesEvenAfterTheClose() {
    CaseHistory history = new CaseHistory();
    history.add(step("e3", "C1", CLOSED, 30));
    history.add(step("e2", "C1", ACTIONS_DECIDED, 20));

    assertThat(history.reported()).isFalse();
    assertThat(history.held()).extracting(DeviationInput::eventId).containsExactly("e2", "e3");

    assertThat(history.add(report("e1", "C1", 0, 2, 4))).isEmpty();

    CaseFacts facts = history.facts(RULE);
    assertThat(facts.closedAt()).isEqualTo(day(30));
    assertThat(facts.actionsDecidedAt()).isEqualTo(day(20));
    // Risk 2 × 4 = 8 reaches the threshold.
    assertThat(facts.needsEventAnalysis()).isTrue();
    assertThat(facts.version()).isEqualTo(3);
    assertThat(history.held()).isEmpty();
  }

  @Test
  void shouldRejectAnEventBeforeTheCaseOccurredOrWasReported() {
    // Occurred day 9, reported day 10.
    CaseHistory history = new CaseHistory();
    history.add(report("e1", "C1", 10, 1, 1));

    List<CaseHistory.Rejection> beforeOccurred = history.add(step("e2", "C1", CLOSED, 8));
    List<CaseHistory.Rejection> beforeReported = history.add(step("e3", "C1", CLOSED, 9.5));

    assertThat(beforeOccurred)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.event().eventId()).isEqualTo("e2");
              assertThat(r.reason())
                  .contains("before case C1 occurred")
                  .contains("impossible time order");
            });
    assertThat(beforeReported.get(0).reason()).contains("was reported");
    assertThat(history.facts(RULE).open()).isTrue();
    assertThat(history.facts(RULE).version()).isEqualTo(1);
  }

  @Test
  void shouldRejectAHeldEventThatTheLateReportShowsImpossible() {
    CaseHistory history = new CaseHistory();
    history.add(step("e2", "C1", CLOSED, 5));
    history.add(step("e3", "C1", ACTIONS_DECIDED, 12));

    List<CaseHistory.Rejection> rejected = history.add(report("e1", "C1", 10, 1, 1));

    assertThat(rejected).extracting(r -> r.event().eventId()).containsExactly("e2");
    assertThat(history.facts(RULE).open()).isTrue();
    assertThat(history.facts(RULE).actionsDecidedAt()).isEqualTo(day(12));
  }

  @Test
  void shouldKeepTheFirstReportOfACase() {
    CaseHistory history = new CaseHistory();
    history.add(report("e1", "C1", 0, 1, 1));

    List<CaseHistory.Rejection> rejected = history.add(report("e9", "C1", 1, 4, 4));

    assertThat(rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("e1"));
    assertThat(history.facts(RULE).consequence()).isEqualTo(1);
  }

  @Test
  void shouldNeedAnEventAnalysisFromRiskEightOrConsequenceThree() {
    assertThat(RULE.needsEventAnalysis(2, 4)).isTrue(); // 8
    assertThat(RULE.needsEventAnalysis(3, 1)).isTrue(); // consequence 3
    assertThat(RULE.needsEventAnalysis(2, 3)).isFalse(); // 6
    assertThat(RULE.needsEventAnalysis(1, 4)).isFalse(); // 4
  }

  @Test
  void shouldDropTheRawRecordOnceTheCaseIsReported() {
    CaseHistory history = new CaseHistory();
    history.add(step("e2", "C1", CLOSED, 5));
    assertThat(history.events.get(0).origin()).isNotNull();

    history.add(report("e1", "C1", 1, 1, 1));

    assertThat(history.events).allSatisfy(e -> assertThat(e.origin()).isNull());
  }
}
