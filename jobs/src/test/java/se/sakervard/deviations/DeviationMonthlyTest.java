package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.day;
import static se.sakervard.deviations.DeviationEvents.investigate;
import static se.sakervard.deviations.DeviationEvents.report;
import static se.sakervard.deviations.DeviationEvents.step;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/** The monthly operator corrects a month on every case update and marks it final on time. */
class DeviationMonthlyTest {
  private static final LocalCalendar STOCKHOLM = new LocalCalendar(ZoneId.of("Europe/Stockholm"));

  @RegisterExtension
  final KeyedOperator<MonthlyDelta, MonthFigures> operator =
      KeyedOperator.of(
          () -> new DeviationMonthly(STOCKHOLM, Duration.ofDays(730), Duration.ofDays(400)),
          MonthlyDelta::key);

  @Test
  void shouldStayProvisionalWhileACaseIsOpenUntilNinetyDaysAfterTheMonth() throws Exception {
    // Case C1 reported 2 March and still open; C2 reported and closed within March.
    CaseHistory c1 = new CaseHistory();
    send(c1, report("e1", "C1", 0, 1, 1), day(0));
    CaseHistory c2 = new CaseHistory();
    send(c2, report("e2", "C2", 1, 1, 1), day(1));
    send(c2, step("e3", "C2", DeviationInput.Kind.CLOSED, 5), day(5));

    MonthFigures march = lastUnitRow();
    assertThat(march.reported()).isEqualTo(2);
    assertThat(march.open()).isEqualTo(1);
    assertThat(march.isFinal()).isFalse();
    assertThat(march.version()).isEqualTo(3);

    // March ends 1 April 00:00 local (31 March 22:00 UTC); + 90 days = 29 June 22:00 UTC.
    long finalAt = STOCKHOLM.monthEnd(STOCKHOLM.monthStart(day(0))) + 90 * 86_400_000L;
    operator.harness().processWatermark(finalAt - 1);
    assertThat(unitRows()).hasSize(3);
    operator.harness().processWatermark(finalAt);

    MonthFigures last = lastUnitRow();
    assertThat(last.isFinal()).isTrue();
    assertThat(last.asOf()).isEqualTo(finalAt);
    assertThat(last.key()).isEqualTo(march.key());
    assertThat(last.open()).isEqualTo(1);
    assertThat(last.version()).isGreaterThan(march.version());
  }

  @Test
  void shouldDateAMonthsValuesByTheUpdateNotByTheMonthsEnd() throws Exception {
    // C1 reported 2 March, closed 5 March: March's figures are as of each update's event time,
    // weeks before March ends; a reader that took the month's end would run ahead of its inputs.
    CaseHistory c1 = new CaseHistory();
    send(c1, report("e1", "C1", 0, 1, 1), day(0));
    assertThat(lastUnitRow().asOf()).isEqualTo(day(0));
    send(c1, step("e2", "C1", DeviationInput.Kind.CLOSED, 3), day(3));
    assertThat(lastUnitRow().asOf()).isEqualTo(day(3));

    List<IndicatorRecord> values = DeviationIndicators.of(lastUnitRow(), STOCKHOLM);
    assertThat(values).extracting(v -> v.asOf()).containsOnly(day(3));
    assertThat(values)
        .extracting(v -> v.periodEnd())
        .containsOnly(STOCKHOLM.monthEnd(STOCKHOLM.monthStart(day(0))));
    assertThat(values.get(0).toAvro().getAsOf().toEpochMilli()).isEqualTo(day(3));
  }

  @Test
  void shouldBeFinalAtOnceWhenEveryCaseOfTheMonthIsClosed() throws Exception {
    CaseHistory c1 = new CaseHistory();
    send(c1, report("e1", "C1", 0, 1, 1), day(0));
    assertThat(lastUnitRow().isFinal()).isFalse();

    send(c1, step("e2", "C1", DeviationInput.Kind.CLOSED, 3), day(3));

    assertThat(lastUnitRow().isFinal()).isTrue();
    assertThat(lastUnitRow().closedWithin30Days()).isEqualTo(1);
  }

  @Test
  void shouldCountAnAnalysisOverdueWhenItsDeadlinePassesWithoutAnEvent() throws Exception {
    // R reported 4 March (day 2) with consequence 3: an event analysis is due by day 16.
    CaseHistory r = new CaseHistory();
    send(r, report("e1", "R", 2, 3, 1), day(2));
    assertThat(analyses(lastUnitRow())).containsExactly(1L, 0L, 0L, 0L, 1L);
    int rows = unitRows().size();

    // No event; event time passes the deadline: at it R could still start in time, a millisecond
    // later it is overdue, and the month is written again as of that instant.
    operator.harness().processWatermark(day(16));
    assertThat(unitRows()).hasSize(rows);
    operator.harness().processWatermark(day(16) + 1);
    MonthFigures overdue = lastUnitRow();
    assertThat(overdue.asOf()).isEqualTo(day(16) + 1);
    assertThat(analyses(overdue)).containsExactly(1L, 0L, 0L, 1L, 0L);
    assertThat(overdue.isFinal()).isFalse();

    // The analysis starts on day 20: late, no longer overdue.
    send(r, investigate("e2", "R", 20, true), day(20));
    assertThat(analyses(lastUnitRow())).containsExactly(1L, 0L, 1L, 0L, 0L);
    assertThat(lastUnitRow().asOf()).isEqualTo(day(20));

    // A close timed day 18 arrives when event time is at day 25: the figures hold every event up
    // to day 20, so they stay as of day 20; closed, with no deadline ahead, they are final.
    operator.harness().processWatermark(day(25));
    send(r, step("e3", "R", DeviationInput.Kind.CLOSED, 18), day(18));
    assertThat(lastUnitRow().asOf()).isEqualTo(day(20));
    assertThat(lastUnitRow().isFinal()).isTrue();
  }

  @Test
  void shouldWriteNothingAtADeadlineWhenTheAnalysisStartedInTime() throws Exception {
    CaseHistory p = new CaseHistory();
    send(p, report("e1", "P", 0, 3, 1), day(0));
    send(p, investigate("e2", "P", 10, true), day(10));
    int rows = unitRows().size();

    operator.harness().processWatermark(day(15));

    assertThat(unitRows()).hasSize(rows);
    assertThat(analyses(lastUnitRow())).containsExactly(1L, 1L, 0L, 0L, 0L);
  }

  @Test
  void shouldForgetAMonthOnceNoCaseOfItCanChangeAnyMore() throws Exception {
    CaseHistory c1 = new CaseHistory();
    send(c1, report("e1", "C1", 0, 1, 1), day(0));
    assertThat(operator.harness().numKeyedStateEntries()).isPositive();
    // March's cases are kept 730 days (case retention), late events 400 days more.
    long forgetAt = STOCKHOLM.monthEnd(STOCKHOLM.monthStart(day(0))) + 1130 * 86_400_000L;
    operator.harness().processWatermark(forgetAt - 1);
    assertThat(operator.harness().numKeyedStateEntries()).isPositive();
    operator.harness().processWatermark(forgetAt);
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
  }

  /** Folds the event into the case and feeds the operator the resulting deltas, as the job does. */
  private void send(CaseHistory history, DeviationInput event, long at) throws Exception {
    CaseFacts before = history.reported() ? history.facts(RULE) : null;
    history.add(event);
    for (MonthlyDelta d :
        MonthlyDelta.of(new CaseUpdate(before, history.facts(RULE), at), STOCKHOLM)) {
      operator.harness().processElement(new StreamRecord<>(d, at));
      // The job takes the figures as keyed by their own key, as the deltas were: they must agree.
      List<MonthFigures> all = operator.harness().extractOutputValues();
      assertThat(all.get(all.size() - 1).key()).isEqualTo(d.key());
    }
  }

  /** Needing an analysis; of them in time, started late, overdue, not yet due. */
  private static List<Long> analyses(MonthFigures m) {
    return List.of(
        m.needsEventAnalysis(),
        m.eventAnalysisInTime(),
        m.eventAnalysisStartedLate(),
        m.eventAnalysisOverdue(),
        m.eventAnalysisNotYetDue());
  }

  private List<MonthFigures> unitRows() {
    List<MonthFigures> rows = new ArrayList<>();
    for (Object o : operator.harness().getOutput()) {
      if (o instanceof StreamRecord<?> r
          && r.getValue() instanceof MonthFigures m
          && m.level() == Level.UNIT) {
        rows.add(m);
      }
    }
    return rows;
  }

  private MonthFigures lastUnitRow() {
    List<MonthFigures> rows = unitRows();
    return rows.get(rows.size() - 1);
  }
}
