package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.deviations.DeviationEvents.RULE;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;

/**
 * Monthly figures of a small March 2026 cohort, computed by hand. Cases reported on 2 March:
 *
 * <pre>
 *   A  occurred 1 h before the report, closed after 10 days
 *   B  occurred 24 h before, closed after 45 days
 *   C  occurred 2 h before, open
 *   D  occurred 48 h before, a near miss, closed after 100 days
 * </pre>
 */
class CohortTallyTest {
  private static final LocalCalendar STOCKHOLM = new LocalCalendar(ZoneId.of("Europe/Stockholm"));
  private static final long MARCH = STOCKHOLM.monthStart(DeviationEvents.day(0));
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  @Test
  void shouldCountTheCohortAndTakeExactPercentiles() {
    CohortTally t = new CohortTally();
    for (CaseFacts c : List.of(A, B, C, D)) {
      t.apply(c, +1, MARCH, STOCKHOLM);
    }
    t.version = 4;

    MonthFigures m = MonthFigures.of(place(), t, false, 0);

    assertThat(m.reported()).isEqualTo(4);
    assertThat(m.negativeEvents()).isEqualTo(3);
    assertThat(m.nearMisses()).isEqualTo(1);
    assertThat(m.open()).isEqualTo(1);
    // Within 30 days: A. Within 60: A, B. Within 90: A, B (D took 100).
    assertThat(m.closedWithin30Days()).isEqualTo(1);
    assertThat(m.closedWithin60Days()).isEqualTo(2);
    assertThat(m.closedWithin90Days()).isEqualTo(2);
    assertThat(m.shareClosedWithin(m.closedWithin30Days())).isEqualTo(25.0);
    // Delays 1, 2, 24, 48 h: median = 2nd of 4 (rank ⌈0.5 × 4⌉) = 2 h; p90 = rank ⌈3.6⌉ = 48 h.
    assertThat(m.reportingDelayMedianHours()).isEqualTo(2.0);
    assertThat(m.reportingDelayP90Hours()).isEqualTo(48.0);
    // Handling times of the closed cases 10, 45, 100 days: median rank ⌈1.5⌉ = 45; p90 ⌈2.7⌉ = 100.
    assertThat(m.handlingTimeMedianDays()).isEqualTo(45.0);
    assertThat(m.handlingTimeP90Days()).isEqualTo(100.0);
  }

  /**
   * Closed 30 days and 30 seconds after the report: within 60 days, not within 30, although whole
   * minutes (the percentiles' precision) would make it 30 days exactly. One closed at exactly 30
   * days is within them.
   */
  @Test
  void shouldCompareHandlingTimesWithTheThresholdsToTheMillisecond() {
    long reported = DeviationEvents.day(0);
    CohortTally t = new CohortTally();
    t.apply(
        facts("E", reported, reported - HOUR, reported + 30 * DAY + 30_000, null, null, null),
        +1,
        MARCH,
        STOCKHOLM);
    t.apply(
        facts("F", reported, reported - HOUR, reported + 30 * DAY, null, null, null),
        +1,
        MARCH,
        STOCKHOLM);

    assertThat(t.closedWithin30Days).isEqualTo(1);
    assertThat(t.closedWithin60Days).isEqualTo(2);
  }

  @Test
  void shouldTakeOutACaseThatReopensAndPutItBackOpen() {
    CohortTally t = new CohortTally();
    for (CaseFacts c : List.of(A, B, C, D)) {
      t.apply(c, +1, MARCH, STOCKHOLM);
    }
    // B reopens: out as closed after 45 days, back in as open.
    t.apply(B, -1, MARCH, STOCKHOLM);
    t.apply(reopened(B), +1, MARCH, STOCKHOLM);

    MonthFigures m = MonthFigures.of(place(), t, false, 0);
    assertThat(m.reported()).isEqualTo(4);
    assertThat(m.open()).isEqualTo(2);
    assertThat(m.closedWithin60Days()).isEqualTo(1);
    // Closed now: A (10) and D (100): median rank ⌈1⌉ = 10.
    assertThat(m.handlingTimeMedianDays()).isEqualTo(10.0);
  }

  @Test
  void shouldCountLexMariaAndComplaintsInTheirOwnMonths() {
    // Reported in March; lex Maria filed in May, 120 days after it occurred; a complaint received
    // in
    // March and answered after 31 days: not within 30.
    long occurred = DeviationEvents.day(-1);
    CaseFacts c =
        facts(
            "E",
            DeviationEvents.day(0),
            occurred,
            null,
            occurred + 120 * DAY,
            DeviationEvents.day(1),
            DeviationEvents.day(32));
    long may = STOCKHOLM.monthStart(occurred + 120 * DAY);

    CohortTally march = new CohortTally();
    march.apply(c, +1, MARCH, STOCKHOLM);
    CohortTally inMay = new CohortTally();
    inMay.apply(c, +1, may, STOCKHOLM);

    assertThat(CohortTally.monthsOf(c, STOCKHOLM)).containsExactly(MARCH, may);
    assertThat(march.reported).isEqualTo(1);
    assertThat(march.lexMariaFiled).isZero();
    assertThat(march.complaintsReceived).isEqualTo(1);
    assertThat(march.complaintsAnsweredWithin30Days).isZero();
    assertThat(inMay.reported).isZero();
    assertThat(inMay.lexMariaFiled).isEqualTo(1);
    assertThat(MonthFigures.of(place(), inMay, true, 0).lexMariaLeadTimeMedianDays())
        .isEqualTo(120.0);
  }

  @Test
  void shouldSplitTheEventAnalysesIntoInTimeLateOverdueAndNotYetDueAsOfAnInstant() {
    // Cases of consequence 3 need an event analysis, due 14 days after the report:
    //   P  reported day 0, analysis started day 10: in time (due day 14)
    //   Q  reported day 1, analysis started day 20: late (due day 15)
    //   R  reported day 2, not started: due day 16
    //   S  reported day 20, not started: due day 34
    //   T  reported day 3, consequence 1: needs none
    CohortTally t = new CohortTally();
    t.analysesSplit = true;
    for (CaseFacts c :
        List.of(
            facts(DeviationEvents.report("p1", "P", 0, 3, 1), investigated("p2", "P", 10)),
            facts(DeviationEvents.report("q1", "Q", 1, 3, 1), investigated("q2", "Q", 20)),
            facts(DeviationEvents.report("r1", "R", 2, 3, 1)),
            facts(DeviationEvents.report("s1", "S", 20, 3, 1)),
            facts(DeviationEvents.report("t1", "T", 3, 1, 1)))) {
      t.apply(c, +1, MARCH, STOCKHOLM);
    }

    // As of day 25: R overdue (due day 16), S not yet (due day 34).
    MonthFigures day25 = MonthFigures.of(place(), t, false, DeviationEvents.day(25));
    assertThat(day25.needsEventAnalysis()).isEqualTo(4);
    assertThat(
            List.of(
                day25.eventAnalysisInTime(),
                day25.eventAnalysisStartedLate(),
                day25.eventAnalysisOverdue(),
                day25.eventAnalysisNotYetDue()))
        .containsExactly(1L, 1L, 1L, 1L);
    // At R's deadline itself it could still start in time; a millisecond later it is overdue.
    long rDue = DeviationEvents.day(16);
    assertThat(MonthFigures.of(place(), t, false, rDue).eventAnalysisOverdue()).isZero();
    assertThat(MonthFigures.of(place(), t, false, rDue).eventAnalysisNotYetDue()).isEqualTo(2);
    assertThat(MonthFigures.of(place(), t, false, rDue + 1).eventAnalysisOverdue()).isEqualTo(1);
    // As of day 40 both are overdue.
    MonthFigures day40 = MonthFigures.of(place(), t, false, DeviationEvents.day(40));
    assertThat(day40.eventAnalysisOverdue()).isEqualTo(2);
    assertThat(day40.eventAnalysisNotYetDue()).isZero();

    // R's analysis starts on day 41: out as overdue, in as late.
    t.apply(facts(DeviationEvents.report("r1", "R", 2, 3, 1)), -1, MARCH, STOCKHOLM);
    t.apply(
        facts(DeviationEvents.report("r1", "R", 2, 3, 1), investigated("r2", "R", 41)),
        +1,
        MARCH,
        STOCKHOLM);
    MonthFigures day41 = MonthFigures.of(place(), t, false, DeviationEvents.day(41));
    assertThat(day41.eventAnalysisStartedLate()).isEqualTo(2);
    assertThat(day41.eventAnalysisOverdue()).isEqualTo(1);
  }

  @Test
  void shouldLeaveTheSplitUnknownInATallyFromAVersionThatDidNotKeepIt() {
    // As restored from an older savepoint: 2 cases needing an analysis, 1 in time, and neither
    // the analyses started late nor the deadlines of those not started. R, not started, then
    // starts late: taking it out of deadlines the tally never held must not show -1 overdue.
    CohortTally old = new CohortTally();
    old.reported = 2;
    old.open = 2;
    old.needsEventAnalysis = 2;
    old.eventAnalysisInTime = 1;
    old.apply(facts(DeviationEvents.report("r1", "R", 2, 3, 1)), -1, MARCH, STOCKHOLM);
    old.apply(
        facts(DeviationEvents.report("r1", "R", 2, 3, 1), investigated("r2", "R", 41)),
        +1,
        MARCH,
        STOCKHOLM);

    MonthFigures m = MonthFigures.of(place(), old, false, DeviationEvents.day(41));

    assertThat(m.needsEventAnalysis()).isEqualTo(2);
    assertThat(m.eventAnalysisInTime()).isEqualTo(1);
    assertThat(m.eventAnalysisStartedLate()).isNull();
    assertThat(m.eventAnalysisOverdue()).isNull();
    assertThat(m.eventAnalysisNotYetDue()).isNull();
    assertThat(DeviationIndicators.of(m, STOCKHOLM))
        .filteredOn(v -> v.indicator().equals(DeviationIndicators.EVENT_ANALYSES_OVERDUE))
        .singleElement()
        .satisfies(v -> assertThat(v.value()).isNull());
  }

  private static CaseFacts facts(DeviationInput... events) {
    CaseHistory history = new CaseHistory();
    for (DeviationInput e : events) {
      assertThat(history.add(e)).isEmpty();
    }
    return history.facts(RULE);
  }

  private static DeviationInput investigated(String id, String caseRef, double day) {
    return DeviationEvents.investigate(id, caseRef, day, true);
  }

  private static final CaseFacts A = closedAfter("A", 1 * HOUR, 10);
  private static final CaseFacts B = closedAfter("B", 24 * HOUR, 45);
  private static final CaseFacts C =
      facts("C", DeviationEvents.day(0), DeviationEvents.day(0) - 2 * HOUR, null, null, null, null);
  private static final CaseFacts D = nearMiss(closedAfter("D", 48 * HOUR, 100));

  private static CaseFacts closedAfter(String ref, long delay, int days) {
    long reported = DeviationEvents.day(0);
    return facts(ref, reported, reported - delay, reported + days * DAY, null, null, null);
  }

  private static CaseFacts facts(
      String ref,
      long reported,
      long occurred,
      Long closed,
      Long lexMaria,
      Long complaint,
      Long answered) {
    return new CaseFacts(
        ref,
        "R1",
        "R1-H1",
        "R1-H1-U1",
        occurred,
        reported,
        "FALL",
        "NEGATIVE_EVENT",
        1,
        1,
        false,
        RULE.needsEventAnalysis(1, 1),
        null,
        null,
        null,
        null,
        null,
        closed,
        closed,
        0,
        lexMaria,
        complaint,
        answered,
        1,
        null,
        false);
  }

  private static CaseFacts nearMiss(CaseFacts c) {
    return new CaseFacts(
        c.caseRef(),
        c.regionCode(),
        c.hospitalCode(),
        c.unitCode(),
        c.occurredAt(),
        c.reportedAt(),
        c.category(),
        "NEAR_MISS",
        c.consequence(),
        c.likelihood(),
        c.seriousCareInjury(),
        c.needsEventAnalysis(),
        null,
        null,
        null,
        null,
        null,
        c.firstClosedAt(),
        c.closedAt(),
        0,
        null,
        null,
        null,
        c.version(),
        c.timeline(),
        false);
  }

  private static CaseFacts reopened(CaseFacts c) {
    return new CaseFacts(
        c.caseRef(),
        c.regionCode(),
        c.hospitalCode(),
        c.unitCode(),
        c.occurredAt(),
        c.reportedAt(),
        c.category(),
        c.deviationType(),
        c.consequence(),
        c.likelihood(),
        c.seriousCareInjury(),
        c.needsEventAnalysis(),
        null,
        null,
        null,
        null,
        null,
        c.firstClosedAt(),
        null,
        1,
        null,
        null,
        null,
        c.version() + 1,
        null,
        false);
  }

  private static MonthlyDelta place() {
    return new MonthlyDelta(Level.UNIT, "R1", "R1-H1", "R1-H1-U1", MARCH, null, null, MARCH);
  }
}
