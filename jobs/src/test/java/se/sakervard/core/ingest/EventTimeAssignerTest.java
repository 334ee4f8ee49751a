package se.sakervard.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.sakervard.core.ingest.EventTimeAssigner.Progress;
import se.sakervard.core.source.SourceRecord;

/** Event time that survives a restore: the watermark goes on from where it stood. */
class EventTimeAssignerTest {
  private static final Duration BOUND = Duration.ofMinutes(10);
  private static final long TEN = Instant.parse("2026-01-14T10:00:00Z").toEpochMilli();
  private static final long NOON = Instant.parse("2026-01-14T12:00:00Z").toEpochMilli();
  private static final long EIGHT = Instant.parse("2026-01-14T08:00:00Z").toEpochMilli();
  private static final long NOON_WATERMARK = NOON - BOUND.toMillis() - 1;

  /** The smallest input event: an id and an event time. */
  private record Event(String eventId, long eventTime) implements InputEvent {
    @Override
    public SourceRecord origin() {
      return new SourceRecord("topic", 0, 0, new byte[0]);
    }
  }

  @Test
  void shouldTimestampEventsAndEmitTheWatermarkAfterTheEventThatMovedIt() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(new StreamRecord<>(new Event("a", TEN)));
      harness.processElement(new StreamRecord<>(new Event("b", NOON)));

      assertThat(harness.getOutput())
          .containsExactly(
              new StreamRecord<>(new Event("a", TEN), TEN),
              new Watermark(TEN - BOUND.toMillis() - 1),
              new StreamRecord<>(new Event("b", NOON), NOON),
              new Watermark(NOON_WATERMARK));
    }
  }

  @Test
  void shouldGoOnFromTheEventTimeItHadWhenRestored() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement(new StreamRecord<>(new Event("b", NOON)));
      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      // An event 4 h behind: before it, the operators downstream learn where event time stood, so
      // they see it as late (too late for 2 h of allowed lateness), as a run without the restore
      // would. A later event moves the watermark on exactly as it would have.
      restored.processElement(new StreamRecord<>(new Event("late", EIGHT)));
      restored.processElement(new StreamRecord<>(new Event("c", NOON + 1_000)));

      assertThat(restored.getOutput())
          .containsExactly(
              new Watermark(NOON_WATERMARK),
              new StreamRecord<>(new Event("late", EIGHT), EIGHT),
              new StreamRecord<>(new Event("c", NOON + 1_000), NOON + 1_000),
              new Watermark(NOON_WATERMARK + 1_000));
    }
  }

  @Test
  void shouldStartFromNoEventTimeWhenTheSavepointHasNone() throws Exception {
    OperatorSubtaskState empty;
    try (var harness = harness()) {
      harness.open();
      empty = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(empty);
      restored.open();
      restored.processElement(new StreamRecord<>(new Event("late", EIGHT)));

      assertThat(restored.getOutput())
          .containsExactly(
              new StreamRecord<>(new Event("late", EIGHT), EIGHT),
              new Watermark(EIGHT - BOUND.toMillis() - 1));
    }
  }

  @Test
  void shouldTakeItsOwnProgressAtTheSameParallelismAndTheLeastAdvancedAtAnother() {
    List<Progress> two = List.of(new Progress(0, NOON, 200), new Progress(1, TEN, 100));

    assertThat(EventTimeAssigner.choose(two, 0, 2)).isEqualTo(two.get(0));
    assertThat(EventTimeAssigner.choose(two, 1, 2)).isEqualTo(two.get(1));
    assertThat(EventTimeAssigner.choose(two, 0, 3)).isEqualTo(two.get(1));
    assertThat(EventTimeAssigner.choose(two, 0, 1)).isEqualTo(two.get(1));
    assertThat(EventTimeAssigner.choose(List.of(), 0, 1)).isNull();
  }

  @Test
  void shouldKeepItsProgressAsAPojoSoThatItsStateCanEvolve() {
    assertThat(TypeInformation.of(Progress.class)).isInstanceOf(PojoTypeInfo.class);
  }

  private static OneInputStreamOperatorTestHarness<Event, Event> harness() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new EventTimeAssigner<Event>(Event::eventTime, BOUND.toMillis(), Duration.ZERO));
  }
}
