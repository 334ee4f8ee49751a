package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.classify;
import static se.sakervard.deviations.DeviationEvents.day;
import static se.sakervard.deviations.DeviationEvents.report;
import static se.sakervard.deviations.DeviationEvents.step;
import static se.sakervard.deviations.DeviationInput.Kind.CLOSED;
import static se.sakervard.deviations.DeviationInput.Kind.REOPENED;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.core.time.LocalCalendar;

/** A case's place in the backlog at past instants, from its events, and the counts of a place. */
class CaseTimelineTest {
  private static final LocalCalendar STOCKHOLM = new LocalCalendar(ZoneId.of("Europe/Stockholm"));
  private static final long DAY = 86_400_000L;

  @Test
  void shouldTellWhetherACaseWasOpenAndHowOldAtAnyPastInstant() {
    // Reported day 0, classified a serious care injury day 3, closed day 10, reopened day 20,
    // closed again day 40. The reopening arrives before the first close: the order of events in
    // time decides, not their arrival.
    CaseHistory history = new CaseHistory();
    history.add(report("e1", "C1", 0, 1, 1));
    history.add(classify("e2", "C1", 3, 3, 1, true));
    history.add(step("e4", "C1", REOPENED, 20));
    history.add(step("e3", "C1", CLOSED, 10));
    history.add(step("e5", "C1", CLOSED, 40));
    CaseTimeline timeline = history.facts(RULE).timeline();

    // At its report's own instant the report has not counted yet: events before an instant count.
    assertThat(timeline.at(day(0))).isNull();
    assertThat(timeline.at(day(2))).isEqualTo(new CaseTimeline.InBacklog(2 * DAY, false));
    assertThat(timeline.at(day(5))).isEqualTo(new CaseTimeline.InBacklog(5 * DAY, true));
    // Closed day 10: still open at day 10 itself, closed after it until the reopening on day 20.
    assertThat(timeline.at(day(10))).isEqualTo(new CaseTimeline.InBacklog(10 * DAY, true));
    assertThat(timeline.at(day(15))).isNull();
    // Reopened: its age still runs from the report, not from the reopening.
    assertThat(timeline.at(day(35))).isEqualTo(new CaseTimeline.InBacklog(35 * DAY, true));
    assertThat(timeline.at(day(41))).isNull();
    // The facts now say only "closed day 40": the close that stands.
    assertThat(history.facts(RULE).closedAt()).isEqualTo(day(40));
  }

  @Test
  void shouldTellWhenAClosedCaseCanNoLongerCountAtALaterInstant() {
    CaseHistory history = new CaseHistory();
    history.add(report("e1", "C1", 0, 1, 1));
    assertThat(history.facts(RULE).timeline().mayBeOpenAfter(day(100))).isTrue();

    history.add(step("e2", "C1", CLOSED, 10));
    CaseTimeline closed = history.facts(RULE).timeline();
    assertThat(closed.mayBeOpenAfter(day(9))).isTrue();
    assertThat(closed.mayBeOpenAfter(day(10))).isFalse();
  }

  @Test
  void shouldCountAPlacesBacklogAtTheEndOfMarchInAgeBands() {
    // March 2026 ends 1 April 00:00 in Stockholm (summer time since 29 March): 31 March 22:00 UTC,
    // day 29 + 14 h after Monday 2 March 08:00 UTC.
    long marchEnd = STOCKHOLM.monthEnd(STOCKHOLM.monthStart(day(0)));
    assertThat(marchEnd).isEqualTo(day(29) + 14 * 3_600_000L);
    //   A  reported day -70 (22 December), open:         99 days 14 h old → over 30, 60 and 90
    //   B  reported day -40, open, serious since day -35: 69 days 14 h → over 30 and 60
    //   C  reported day 5, closed day 35 (after March):  24 days 14 h, open at the end of March
    //   D  reported day 0.5 (2 March 20:00 UTC) and closed day 29.5 (31 March 20:00 UTC): closed
    //   E  reported day 29.6 (1 April 00:24 local): April's, not in March's backlog
    //   F  reported day -0.6 (1 March 17:36 UTC): 30 days 4 h 24 min old, over 30
    List<CaseTimeline> cases =
        List.of(
            timeline(history(report("a1", "A", -70, 1, 1))),
            timeline(history(report("b1", "B", -40, 1, 1), classify("b2", "B", -35, 4, 1, true))),
            timeline(history(report("c1", "C", 5, 1, 1), step("c2", "C", CLOSED, 35))),
            timeline(history(report("d1", "D", 0.5, 1, 1), step("d2", "D", CLOSED, 29.5))),
            timeline(history(report("e1", "E", 29.6, 1, 1))),
            timeline(history(report("f1", "F", -0.6, 1, 1))));

    MonthEndTally march = MonthEndTally.of(cases, marchEnd);

    assertThat(march.open).isEqualTo(4); // A, B, C, F
    assertThat(march.over).containsExactly(3, 2, 1); // over 30: A, B, F; 60: A, B; 90: A
    assertThat(march.serious).isEqualTo(1); // B
  }

  private static CaseHistory history(DeviationInput... events) {
    CaseHistory history = new CaseHistory();
    for (DeviationInput e : events) {
      assertThat(history.add(e)).isEmpty();
    }
    return history;
  }

  private static CaseTimeline timeline(CaseHistory history) {
    return history.facts(RULE).timeline();
  }
}
