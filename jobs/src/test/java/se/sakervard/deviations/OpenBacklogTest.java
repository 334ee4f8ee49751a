package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.classify;
import static se.sakervard.deviations.DeviationEvents.day;
import static se.sakervard.deviations.DeviationEvents.report;
import static se.sakervard.deviations.DeviationEvents.step;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.pipeline.Level;

/** The open backlog ages on its own and a late close takes a case out. */
class OpenBacklogTest {
  private static final long DAY_MS = 86_400_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, BacklogDelta, BacklogFigures> harness;

  @BeforeEach
  void startOperator() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new OpenBacklog()), BacklogDelta::key, Types.STRING);
    harness.open();
  }

  @AfterEach
  void stopOperator() throws Exception {
    harness.close();
  }

  @Test
  void shouldAgeTheBacklogAcrossThirtySixtyAndNinetyDaysWithoutEvents() throws Exception {
    // C1 reported day 0 and C2 day 20, both open; C2 is a serious care injury.
    CaseHistory c1 = new CaseHistory();
    send(c1, report("e1", "C1", 0, 1, 1));
    CaseHistory c2 = new CaseHistory();
    send(c2, report("e2", "C2", 20, 1, 1));
    send(c2, classify("e3", "C2", 21, 3, 1, true));
    assertThat(last().open()).isEqualTo(2);
    assertThat(last().openOver30Days()).isZero();
    assertThat(last().openSeriousCareInjuries()).isEqualTo(1);

    // No events; the watermark moves on. Day 30 + 1 ms: C1 is over 30 days.
    harness.processWatermark(day(30) + 1);
    assertThat(last().asOf()).isEqualTo(day(30) + 1);
    assertThat(last().openOver30Days()).isEqualTo(1);
    // Day 50 + 1 ms: C2 over 30 too. Day 60 + 1 ms: C1 over 60; day 80 + 1 ms: C2 over 60 too.
    // Day 90 + 1 ms: C1 over 90.
    harness.processWatermark(day(90) + 1);
    assertThat(rows())
        .extracting(
            BacklogFigures::asOf,
            BacklogFigures::openOver30Days,
            BacklogFigures::openOver60Days,
            BacklogFigures::openOver90Days)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple(day(30) + 1, 1L, 0L, 0L),
            org.assertj.core.groups.Tuple.tuple(day(50) + 1, 2L, 0L, 0L),
            org.assertj.core.groups.Tuple.tuple(day(60) + 1, 2L, 1L, 0L),
            org.assertj.core.groups.Tuple.tuple(day(80) + 1, 2L, 2L, 0L),
            org.assertj.core.groups.Tuple.tuple(day(90) + 1, 2L, 2L, 1L));

    // A close of C1 timed day 40 arrives late: C1 leaves the backlog at once; C2 (70 days old)
    // stays, over 30 and 60 days.
    send(c1, step("e4", "C1", DeviationInput.Kind.CLOSED, 40));
    BacklogFigures now = last();
    assertThat(now.open()).isEqualTo(1);
    assertThat(now.openOver30Days()).isEqualTo(1);
    assertThat(now.openOver60Days()).isEqualTo(1);
    assertThat(now.openOver90Days()).isZero();
    assertThat(now.asOf()).isEqualTo(day(90) + 1);
  }

  @Test
  void shouldKeepRunningCountsEqualToARecountOfTheOpenCases() throws Exception {
    // Random opens, closes and reopenings of 30 cases over a year, some late, with event time
    // moving on now and then: every row must equal a count over the cases open at its instant.
    SplittableRandom random = new SplittableRandom(5);
    Map<String, OpenBacklog.OpenCase> open = new HashMap<>();
    Map<String, Long> reported = new HashMap<>();
    long newest = 0;
    int agedRows = 0;
    for (int step = 0; step < 2_000; step++) {
      long at = Math.max(0, newest + random.nextLong(-10 * DAY_MS, DAY_MS));
      newest = Math.max(newest, at);
      String ref = "C" + random.nextInt(30);
      long since = reported.computeIfAbsent(ref, r -> at - random.nextLong(0, 5 * DAY_MS));
      boolean serious = ref.hashCode() % 3 == 0;
      boolean opens = random.nextBoolean();
      if (opens) {
        open.put(ref, new OpenBacklog.OpenCase(since, serious));
      } else {
        open.remove(ref);
      }
      int before = rows().size();
      harness.processElement(
          new StreamRecord<>(
              new BacklogDelta(Level.UNIT, "R", "H", "U", ref, opens ? since : null, serious, at),
              at));
      assertThat(rows().subList(before, rows().size())).hasSize(1);
      assertThat(last()).isEqualTo(recount(open.values(), last()));
      if (random.nextInt(20) == 0) {
        // Event time moves up to 40 days past the newest event: open cases age on timers.
        newest += random.nextLong(40 * DAY_MS);
        before = rows().size();
        harness.processWatermark(newest);
        for (BacklogFigures aged : rows().subList(before, rows().size())) {
          assertThat(aged).isEqualTo(recount(open.values(), aged));
          agedRows++;
        }
      }
    }
    assertThat(agedRows).isGreaterThan(50);
  }

  /** The figures of the open cases at {@code row}'s instant, counted one by one. */
  private static BacklogFigures recount(Iterable<OpenBacklog.OpenCase> open, BacklogFigures row) {
    long n = 0;
    long serious = 0;
    long[] over = new long[3];
    for (OpenBacklog.OpenCase c : open) {
      n++;
      serious += c.serious() ? 1 : 0;
      for (int i = 0; i < 3; i++) {
        over[i] += row.asOf() - c.since() > (30L * (i + 1)) * DAY_MS ? 1 : 0;
      }
    }
    return new BacklogFigures(
        row.level(),
        row.regionCode(),
        row.hospitalCode(),
        row.unitCode(),
        row.asOf(),
        n,
        over[0],
        over[1],
        over[2],
        serious,
        row.version());
  }

  /**
   * A place restored from a version that kept its report times as one value (state "open-since"):
   * C1 reported day 0 and open, its time moved back into that value as such a version left it. The
   * backlog still ages it: over 30 days at day 30 + 1 ms, the old value gone.
   */
  @Test
  void shouldAgeABacklogRestoredFromTheOneValueLayout() throws Exception {
    CaseHistory c1 = new CaseHistory();
    send(c1, report("e1", "C1", 0, 1, 1));
    KeyedStateBackend<String> state = harness.getOperator().getKeyedStateBackend();
    state.setCurrentKey(last().key());
    MapState<Long, ValueCounts> byDay =
        state.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>(
                "open-since-by-day", Types.LONG, TypeInformation.of(ValueCounts.class)));
    ValueState<ValueCounts> oneValue =
        state.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new ValueStateDescriptor<>("open-since", ValueCounts.class));
    ValueCounts times = new ValueCounts();
    for (var day : byDay.entries()) {
      day.getValue().counts.forEach(times::add);
    }
    assertThat(times.size).isEqualTo(1);
    byDay.clear();
    oneValue.update(times);

    harness.processWatermark(day(30) + 1);

    assertThat(last().openOver30Days()).isEqualTo(1);
    assertThat(oneValue.value()).isNull();
    assertThat(byDay.isEmpty()).isFalse();
  }

  private void send(CaseHistory history, DeviationInput event) throws Exception {
    history.add(event);
    CaseUpdate update = new CaseUpdate(null, history.facts(RULE), event.eventTime());
    for (BacklogDelta d : BacklogDelta.of(update)) {
      if (d.level() == Level.UNIT) {
        harness.processElement(new StreamRecord<>(d, event.eventTime()));
        // The job takes the figures as keyed by their own key, as the deltas were.
        assertThat(last().key()).isEqualTo(d.key());
      }
    }
  }

  private List<BacklogFigures> rows() {
    return harness.extractOutputValues();
  }

  private BacklogFigures last() {
    List<BacklogFigures> rows = rows();
    return rows.get(rows.size() - 1);
  }
}
