package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.classify;
import static se.sakervard.deviations.DeviationEvents.report;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/** Reported cases per local day and classification; a reclassification moves a case. */
class DailyReportCountsTest {
  private static final LocalCalendar CALENDAR = new LocalCalendar(ZoneId.of("Europe/Stockholm"));

  @RegisterExtension
  final KeyedOperator<ReportedDelta, DailyCount> operator =
      KeyedOperator.of(
          () -> new DailyReportCounts(CALENDAR, Duration.ofDays(730), Duration.ofDays(400)),
          ReportedDelta::countKey);

  private final Map<String, CaseHistory> cases = new HashMap<>();

  @Test
  void shouldCountReportsPerLocalDayAndMoveAReclassifiedCase() throws Exception {
    // Day 0 is Monday 2 March 2026 08:00 UTC (09:00 in Stockholm). C1 and C2: falls of
    // consequence 2 reported that day; C3 at 23:30 UTC, already 3 March in Stockholm.
    send(report("e1", "C1", 0, 2, 2));
    send(report("e2", "C2", 0.25, 2, 1));
    send(report("e3", "C3", 15.5 / 24, 2, 1));
    // C1 reclassified on day 2: a medication deviation of consequence 3, still on 2 March.
    send(classify("e4", "C1", 2, 3, 2, true));

    assertThat(newestUnitCounts())
        .containsExactly(
            tuple("2026-03-02", "FALL", 2, 1L),
            tuple("2026-03-02", "MEDICATION", 3, 1L),
            tuple("2026-03-03", "FALL", 2, 1L));
    // Region level counts the same cases once each.
    assertThat(
            operator.harness().extractOutputValues().stream()
                .filter(c -> c.level() == Level.REGION && c.category().equals("FALL"))
                .filter(c -> c.day() == LocalDate.parse("2026-03-02").toEpochDay())
                .map(DailyCount::reported))
        .containsExactly(1L, 2L, 1L);
  }

  @Test
  void shouldEmitNothingWhenAClassificationKeepsCategoryTypeAndConsequence() throws Exception {
    send(report("e1", "C1", 0, 2, 2));
    int rows = operator.harness().extractOutputValues().size();
    CaseHistory c1 = cases.get("C1");
    CaseFacts before = c1.facts(RULE);
    c1.add(classify("e2", "C1", 1, 2, 3, false));
    CaseFacts after = c1.facts(RULE);
    assertThat(after.category()).isEqualTo("MEDICATION");
    // Same day, same classification except the category: one case moves.
    assertThat(ReportedDelta.of(new CaseUpdate(before, after, 0), CALENDAR))
        .extracting(ReportedDelta::level, ReportedDelta::category, ReportedDelta::delta)
        .containsExactly(
            tuple(Level.UNIT, "FALL", -1),
            tuple(Level.HOSPITAL, "FALL", -1),
            tuple(Level.REGION, "FALL", -1),
            tuple(Level.UNIT, "MEDICATION", 1),
            tuple(Level.HOSPITAL, "MEDICATION", 1),
            tuple(Level.REGION, "MEDICATION", 1));
    assertThat(ReportedDelta.of(new CaseUpdate(after, after, 0), CALENDAR)).isEmpty();
    assertThat(operator.harness().extractOutputValues()).hasSize(rows);
  }

  /** The operator as versions before 2026-11-27 kept a count: the whole row, as state "count". */
  private static final class CountAsRow extends KeyedProcessFunction<String, DailyCount, Void> {
    @Override
    public void processElement(DailyCount row, Context ctx, Collector<Void> out) throws Exception {
      getRuntimeContext()
          .getState(new ValueStateDescriptor<>("count", DailyCount.class))
          .update(row);
      ctx.timerService().registerEventTimeTimer(CALENDAR.dayEnd(row.day()) + KEEP_AFTER_DAY_MS);
    }
  }

  private static final long KEEP_AFTER_DAY_MS = Duration.ofDays(730 + 400).toMillis();

  @Test
  void shouldGoOnFromACountThatAnEarlierVersionKeptAsAWholeRow() throws Exception {
    // An earlier version's savepoint: 2 March's falls of consequence 2 on unit U1, 3 cases after
    // 4 changes.
    ReportedDelta fall =
        new ReportedDelta(
            Level.UNIT, "R1", "H1", "U1", 20_514, "FALL", "NEGATIVE_EVENT", 2, 1, true);
    String key = fall.countKey();
    OperatorSubtaskState savepoint;
    try (var earlier =
        new KeyedOneInputStreamOperatorTestHarness<String, DailyCount, Void>(
            new KeyedProcessOperator<>(new CountAsRow()), c -> key, Types.STRING)) {
      earlier.open();
      earlier.processElement(
          new StreamRecord<>(
              new DailyCount(
                  Level.UNIT, "R1", "H1", "U1", 20_514, "FALL", "NEGATIVE_EVENT", 2, 3, 4)));
      savepoint = earlier.snapshot(1, 1);
    }

    try (var restored =
        new KeyedOneInputStreamOperatorTestHarness<String, ReportedDelta, DailyCount>(
            new KeyedProcessOperator<>(
                new DailyReportCounts(CALENDAR, Duration.ofDays(730), Duration.ofDays(400))),
            ReportedDelta::countKey,
            Types.STRING)) {
      restored.initializeState(savepoint);
      restored.open();
      // A fourth fall that day: 4 cases, version 5, as if nothing had changed between versions.
      restored.processElement(new StreamRecord<>(fall, 0));
      assertThat(restored.extractOutputValues())
          .extracting(DailyCount::reported, DailyCount::version)
          .containsExactly(tuple(4L, 5L));
      // The day is forgotten on the earlier version's timer: neither form of the count stays.
      restored.processWatermark(CALENDAR.dayEnd(20_514) + KEEP_AFTER_DAY_MS);
      assertThat(restored.numKeyedStateEntries()).isZero();
    }
  }

  private void send(DeviationInput event) throws Exception {
    CaseHistory history = cases.computeIfAbsent(event.caseRef(), k -> new CaseHistory());
    CaseFacts before = history.reported() ? history.facts(RULE) : null;
    history.add(event);
    CaseUpdate update = new CaseUpdate(before, history.facts(RULE), event.eventTime());
    for (ReportedDelta d : ReportedDelta.of(update, CALENDAR)) {
      operator.harness().processElement(new StreamRecord<>(d, event.eventTime()));
    }
  }

  /** Unit-level counts as a table keeps them (the highest version per key), in key order. */
  private List<org.assertj.core.groups.Tuple> newestUnitCounts() {
    Map<String, DailyCount> newest = new HashMap<>();
    for (DailyCount c : operator.harness().extractOutputValues()) {
      if (c.level() == Level.UNIT) {
        newest.merge(
            c.day() + c.category() + c.consequence(),
            c,
            (a, b) -> a.version() > b.version() ? a : b);
      }
    }
    return newest.values().stream()
        .sorted(Comparator.comparing((DailyCount c) -> c.day()).thenComparing(DailyCount::category))
        .map(
            c ->
                tuple(
                    LocalDate.ofEpochDay(c.day()).toString(),
                    c.category(),
                    c.consequence(),
                    c.reported()))
        .toList();
  }
}
