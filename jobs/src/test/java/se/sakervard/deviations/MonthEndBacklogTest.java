package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.classify;
import static se.sakervard.deviations.DeviationEvents.day;
import static se.sakervard.deviations.DeviationEvents.report;
import static se.sakervard.deviations.DeviationEvents.step;
import static se.sakervard.deviations.DeviationInput.Kind.CLOSED;
import static se.sakervard.deviations.DeviationInput.Kind.REOPENED;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/**
 * The backlog at each month's end: counted when event time passes it, corrected by late events.
 *
 * <p>The story of the first tests, unit R1-H1-U1, day 0 = Monday 2 March 2026 08:00 UTC:
 *
 * <pre>
 *   A  reported day -40 (21 January), open
 *   B  reported day 5, classified a serious care injury day 6, closed day 35 (6 April)
 *   C  reported day 10, closed day 20
 * </pre>
 *
 * The month ends in Stockholm time: January's 31 January 23:00 UTC (day -29 - 9 h), February's 28
 * February 23:00 UTC (day -2 + 15 h), March's 31 March 22:00 UTC (day 29 + 14 h, summer time).
 */
class MonthEndBacklogTest {
  private static final LocalCalendar STOCKHOLM = new LocalCalendar(ZoneId.of("Europe/Stockholm"));
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long JANUARY_END = day(-29) - 9 * HOUR;
  private static final long FEBRUARY_END = day(-2) + 15 * HOUR;
  private static final long MARCH_END = day(29) + 14 * HOUR;

  @RegisterExtension
  final KeyedOperator<MonthEndDelta, MonthEndFigures> operator =
      KeyedOperator.of(
          () -> new MonthEndBacklog(STOCKHOLM, Duration.ofDays(400)), MonthEndDelta::key);

  /** Month ends more than 60 days behind event time are final here. */
  @RegisterExtension
  final KeyedOperator<MonthEndDelta, MonthEndFigures> sixtyDaysLateness =
      KeyedOperator.of(
          () -> new MonthEndBacklog(STOCKHOLM, Duration.ofDays(60)), MonthEndDelta::key);

  private final Map<String, CaseHistory> cases = new HashMap<>();

  @Test
  void shouldCountTheBacklogAtEachMonthsEndAsItStoodThen() throws Exception {
    assertThat(STOCKHOLM.monthEnd(STOCKHOLM.monthStart(day(0)))).isEqualTo(MARCH_END);
    assertThat(STOCKHOLM.monthStart(day(0))).isEqualTo(FEBRUARY_END);
    threeCases(operator);
    // Nothing before event time passes the first month end, January's.
    assertThat(rows(operator)).isEmpty();

    operator.harness().processWatermark(MARCH_END);

    // January: A, 10 days 15 h old. February: A, 38 days 15 h. March: A (69 days 14 h: over 30
    // and 60) and B (24 days 14 h, serious), B's close on day 35 not yet then; C closed day 20.
    assertThat(rows(operator))
        .extracting(
            MonthEndFigures::month,
            MonthEndFigures::monthEnd,
            MonthEndFigures::open,
            MonthEndFigures::openOver30Days,
            MonthEndFigures::openOver60Days,
            MonthEndFigures::openOver90Days,
            MonthEndFigures::openSeriousCareInjuries,
            MonthEndFigures::version)
        .containsExactly(
            tuple(STOCKHOLM.monthStart(JANUARY_END - 1), JANUARY_END, 1L, 0L, 0L, 0L, 0L, 1L),
            tuple(JANUARY_END, FEBRUARY_END, 1L, 1L, 0L, 0L, 0L, 1L),
            tuple(FEBRUARY_END, MARCH_END, 2L, 1L, 1L, 0L, 1L, 1L));
    assertThat(rows(operator)).extracting(MonthEndFigures::unitCode).containsOnly("R1-H1-U1");
  }

  @Test
  void shouldCorrectAMonthEndWrittenWhenALateCloseBeforeItArrives() throws Exception {
    threeCases(operator);
    operator.harness().processWatermark(day(40));
    int written = rows(operator).size();

    // A's close timed day 25 (27 March) arrives when event time is at day 40: March's row is
    // written again without A, a version higher; January and February (A still open then) stand.
    send(operator, step("a2", "A", CLOSED, 25));

    assertThat(rows(operator).subList(written, rows(operator).size()))
        .extracting(
            MonthEndFigures::monthEnd,
            MonthEndFigures::open,
            MonthEndFigures::openOver30Days,
            MonthEndFigures::openOver60Days,
            MonthEndFigures::openSeriousCareInjuries,
            MonthEndFigures::version)
        .containsExactly(tuple(MARCH_END, 1L, 0L, 0L, 1L, 2L));

    // C reopened on day 33, also late, but after March ended: no month end written changes.
    written = rows(operator).size();
    send(operator, step("c3", "C", REOPENED, 33));
    assertThat(rows(operator)).hasSize(written);
  }

  @Test
  void shouldAddTheMonthEndsOfALateReportBeforeThePlacesFirst() throws Exception {
    threeCases(operator);
    operator.harness().processWatermark(day(40));
    int written = rows(operator).size();

    // Z, reported 10 December 2025 and open, arrives late: December's end (31 December 23:00 UTC)
    // gets its first row (Z 21 days 15 h old), and every later month end one more open case: at
    // January's end 52 days 15 h old (over 30), February's 80 days 15 h (over 30 and 60), March's
    // 111 days 14 h (over 30, 60 and 90).
    long decemberEnd = STOCKHOLM.monthStart(JANUARY_END - 1);
    send(operator, report("z1", "Z", -82, 1, 1));

    assertThat(rows(operator).subList(written, rows(operator).size()))
        .extracting(
            MonthEndFigures::monthEnd,
            MonthEndFigures::open,
            MonthEndFigures::openOver30Days,
            MonthEndFigures::openOver60Days,
            MonthEndFigures::openOver90Days,
            MonthEndFigures::version)
        .containsExactly(
            tuple(decemberEnd, 1L, 0L, 0L, 0L, 1L),
            tuple(JANUARY_END, 2L, 1L, 0L, 0L, 2L),
            tuple(FEBRUARY_END, 2L, 2L, 1L, 0L, 2L),
            tuple(MARCH_END, 3L, 2L, 2L, 1L, 2L));
  }

  @Test
  void shouldWriteEveryMonthEndFromThePlacesFirstReportOnWithNothingOpen() throws Exception {
    // D reported and closed in March: March's end and the months after are rows of zeros.
    send(operator, report("d1", "D", 1, 1, 1));
    send(operator, step("d2", "D", CLOSED, 2));
    operator.harness().processWatermark(day(95));

    assertThat(rows(operator))
        .extracting(MonthEndFigures::monthEnd, MonthEndFigures::open)
        .containsExactly(
            tuple(MARCH_END, 0L),
            tuple(STOCKHOLM.monthEnd(MARCH_END), 0L),
            tuple(STOCKHOLM.monthEnd(STOCKHOLM.monthEnd(MARCH_END)), 0L));
  }

  @Test
  void shouldLeaveAMonthEndMoreThanTheAllowedLatenessBehindEventTime() throws Exception {
    threeCases(sixtyDaysLateness);
    // 1 June: February's end is 92 days behind, March's 61; April's and May's are within 60.
    sixtyDaysLateness.harness().processWatermark(day(91));
    int written = rows(sixtyDaysLateness).size();

    // A closed on day -10 (20 February): an event the job would no longer admit (101 days late);
    // here it shows that neither February's nor March's counts are kept to correct. April's and
    // May's are: A leaves them.
    send(sixtyDaysLateness, step("a2", "A", CLOSED, -10));

    assertThat(rows(sixtyDaysLateness).subList(written, rows(sixtyDaysLateness).size()))
        .extracting(MonthEndFigures::monthEnd, MonthEndFigures::open, MonthEndFigures::version)
        .containsExactly(
            tuple(STOCKHOLM.monthEnd(MARCH_END), 0L, 2L),
            tuple(STOCKHOLM.monthEnd(STOCKHOLM.monthEnd(MARCH_END)), 0L, 2L));
  }

  @Test
  void shouldEqualARecountOfTheCasesAtEveryMonthEndWhateverOrderTheirEventsArriveIn()
      throws Exception {
    // 60 cases over a year: reports, closes, reopenings and classifications, each up to 40 days
    // behind the newest event (late when behind event time), event time a day behind the newest.
    // The newest row of each month end must equal a count, case by case, of the cases' timelines
    // as they finally are; with month ends dropped 60 days behind event time, none of them was
    // needed again.
    SplittableRandom random = new SplittableRandom(17);
    long newest = day(0);
    long watermark = Long.MIN_VALUE;
    int lateEvents = 0;
    for (int i = 0; i < 3_000; i++) {
      newest += random.nextLong(0, 6 * HOUR);
      String ref = "C" + random.nextInt(60);
      long at = newest - random.nextLong(0, 40 * DAY);
      CaseHistory history = cases.get(ref);
      String id = "e" + i;
      DeviationInput event;
      if (history == null) {
        event = report(id, ref, days(at), 1, 1);
      } else {
        double when = days(Math.max(at, history.facts(RULE).reportedAt()));
        event =
            switch (random.nextInt(3)) {
              case 0 -> step(id, ref, CLOSED, when);
              case 1 -> step(id, ref, REOPENED, when);
              default -> classify(id, ref, when, 2, 2, random.nextBoolean());
            };
      }
      if (event.eventTime() <= watermark) {
        lateEvents++;
      }
      send(sixtyDaysLateness, event);
      if (random.nextInt(10) == 0) {
        watermark = newest - DAY;
        sixtyDaysLateness.harness().processWatermark(watermark);
      }
    }
    long eventTime = newest - DAY;
    sixtyDaysLateness.harness().processWatermark(eventTime);

    TreeMap<Long, MonthEndFigures> newestRows = new TreeMap<>();
    for (MonthEndFigures row : rows(sixtyDaysLateness)) {
      MonthEndFigures before = newestRows.put(row.monthEnd(), row);
      assertThat(before == null || before.version() < row.version()).as("version grows").isTrue();
    }
    List<CaseTimeline> timelines = new ArrayList<>();
    long firstReport = Long.MAX_VALUE;
    for (CaseHistory h : cases.values()) {
      timelines.add(h.facts(RULE).timeline());
      firstReport = Math.min(firstReport, h.facts(RULE).reportedAt());
    }
    List<Long> monthEnds = new ArrayList<>();
    for (long m = STOCKHOLM.monthEnd(STOCKHOLM.monthStart(firstReport));
        m <= eventTime;
        m = STOCKHOLM.monthEnd(m)) {
      monthEnds.add(m);
    }
    assertThat(newestRows.keySet()).containsExactlyElementsOf(monthEnds);
    for (MonthEndFigures row : newestRows.values()) {
      MonthEndTally recount = MonthEndTally.of(timelines, row.monthEnd());
      assertThat(
              List.of(
                  row.open(),
                  row.openOver30Days(),
                  row.openOver60Days(),
                  row.openOver90Days(),
                  row.openSeriousCareInjuries()))
          .as("month end %s", java.time.Instant.ofEpochMilli(row.monthEnd()))
          .containsExactly(
              recount.open, recount.over[0], recount.over[1], recount.over[2], recount.serious);
    }
    assertThat(monthEnds).hasSizeGreaterThan(10);
    // Late events did correct month ends written.
    assertThat(newestRows.values()).extracting(MonthEndFigures::version).anyMatch(v -> v > 1);
    assertThat(newestRows.values().stream().mapToLong(MonthEndFigures::openOver90Days).sum())
        .isPositive();
    assertThat(lateEvents).isGreaterThan(500);
  }

  private void threeCases(KeyedOperator<MonthEndDelta, MonthEndFigures> op) throws Exception {
    send(op, report("a1", "A", -40, 1, 1));
    send(op, report("b1", "B", 5, 1, 1));
    send(op, classify("b2", "B", 6, 4, 1, true));
    send(op, report("c1", "C", 10, 1, 1));
    send(op, step("c2", "C", CLOSED, 20));
    send(op, step("b3", "B", CLOSED, 35));
  }

  /** Folds the event into its case and feeds the operator the unit's delta, as the job does. */
  private void send(KeyedOperator<MonthEndDelta, MonthEndFigures> op, DeviationInput event)
      throws Exception {
    CaseHistory history = cases.computeIfAbsent(event.caseRef(), r -> new CaseHistory());
    CaseFacts before = history.reported() ? history.facts(RULE) : null;
    assertThat(history.add(event)).isEmpty();
    for (MonthEndDelta d :
        MonthEndDelta.of(new CaseUpdate(before, history.facts(RULE), event.eventTime()))) {
      if (d.level() == Level.UNIT) {
        op.harness().processElement(new StreamRecord<>(d, event.eventTime()));
      }
    }
  }

  private static List<MonthEndFigures> rows(KeyedOperator<MonthEndDelta, MonthEndFigures> op) {
    return op.harness().extractOutputValues();
  }

  private static double days(long at) {
    return (at - day(0)) / (double) DAY;
  }
}
