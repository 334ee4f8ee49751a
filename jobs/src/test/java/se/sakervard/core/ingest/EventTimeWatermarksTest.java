package se.sakervard.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.sakervard.core.source.SourceRecord;

class EventTimeWatermarksTest {
  private static final Duration BOUND = Duration.ofMinutes(10);
  private static final long TEN = Instant.parse("2026-01-14T10:00:00Z").toEpochMilli();
  private static final long NOON = Instant.parse("2026-01-14T12:00:00Z").toEpochMilli();
  private static final long ELEVEN = Instant.parse("2026-01-14T11:00:00Z").toEpochMilli();
  private static final SourceRecord ORIGIN = new SourceRecord("census", 0, 0, new byte[0]);

  /** The least an input event can be. */
  record Event(String eventId, long eventTime, SourceRecord origin) implements InputEvent {
    Event(long eventTime) {
      this("e" + eventTime, eventTime, ORIGIN);
    }
  }

  @Test
  void shouldStampEachEventAndTrailTheNewestByTheBound() throws Exception {
    try (OneInputStreamOperatorTestHarness<Event, Event> harness = open(null)) {
      harness.processElement(new Event(TEN), 0);
      harness.processElement(new Event(NOON), 0);
      harness.processElement(new Event(ELEVEN), 0);

      assertThat(List.copyOf(harness.getOutput()))
          .containsExactly(
              new StreamRecord<>(new Event(TEN), TEN),
              new Watermark(TEN - BOUND.toMillis() - 1),
              new StreamRecord<>(new Event(NOON), NOON),
              new Watermark(NOON - BOUND.toMillis() - 1),
              new StreamRecord<>(new Event(ELEVEN), ELEVEN));
    }
  }

  @Test
  void shouldResumeEventTimeWhereTheCheckpointLeftItBeforeAnyReplayedEvent() throws Exception {
    OperatorSubtaskState checkpoint;
    try (OneInputStreamOperatorTestHarness<Event, Event> harness = open(null)) {
      harness.processElement(new Event(TEN), 0);
      harness.processElement(new Event(NOON), 0);
      checkpoint = harness.snapshot(1, 0);
    }

    try (OneInputStreamOperatorTestHarness<Event, Event> restored = open(checkpoint)) {
      // Without the restored watermark, an event two hours behind the newest one would pass as on
      // time: a new generator knows of no event before it.
      restored.processElement(new Event(TEN), 0);

      assertThat(List.copyOf(restored.getOutput()))
          .containsExactly(
              new Watermark(NOON - BOUND.toMillis() - 1), new StreamRecord<>(new Event(TEN), TEN));
    }
  }

  private static OneInputStreamOperatorTestHarness<Event, Event> open(
      OperatorSubtaskState checkpoint) throws Exception {
    OneInputStreamOperatorTestHarness<Event, Event> harness =
        new OneInputStreamOperatorTestHarness<>(
            new EventTimeWatermarks.Operator<Event>(BOUND.toMillis(), Duration.ofMinutes(1)));
    harness.initializeState(checkpoint);
    harness.open();
    return harness;
  }
}
