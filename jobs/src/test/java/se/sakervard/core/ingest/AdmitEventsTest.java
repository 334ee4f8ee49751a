package se.sakervard.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.testing.KeyedOperator;

/**
 * The lateness gate, by hand, with an allowed lateness of 2 h and the watermark at 12:00:
 *
 * <pre>
 *   e1 at 11:00   behind the watermark, within 2 h: admitted (a late correction)
 *   e1 again      the same id: dropped
 *   e2 at 09:59   more than 2 h behind: dead letter TOO_LATE, with its record
 *   e3 at 12:30   ahead: admitted
 *   watermark 14:30:01 (12:30 + 2 h + 1 ms): no id remembered, no timer left
 * </pre>
 */
class AdmitEventsTest {
  private static final long MINUTE = 60_000L;
  private static final long NOON = 1_780_000_000_000L / (60 * MINUTE) * (60 * MINUTE);

  /** An input event for the gate. */
  record Event(String eventId, long eventTime, SourceRecord origin) implements InputEvent {}

  @RegisterExtension
  final KeyedOperator<Event, Event> operator =
      KeyedOperator.of(
          () -> new AdmitEvents<Event>("test", "test", Duration.ofHours(2)), Event::eventId);

  @Test
  void shouldAdmitEachEventOnceWhileItCanStillCorrectTheFigures() throws Exception {
    operator.harness().processWatermark(NOON);

    send("e1", NOON - 60 * MINUTE);
    send("e1", NOON - 60 * MINUTE);
    send("e2", NOON - 121 * MINUTE);
    send("e3", NOON + 30 * MINUTE);

    assertThat(operator.harness().extractOutputValues())
        .extracting(Event::eventId)
        .containsExactly("e1", "e3");
    List<DeadLetterRecord> letters =
        operator.harness().getSideOutput(DeadLetters.TAG).stream()
            .map(StreamRecord::getValue)
            .toList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).reason()).isEqualTo(DeadLetterReason.TOO_LATE);
    assertThat(letters.get(0).eventId()).isEqualTo("e2");
    assertThat(letters.get(0).rawValue()).as("kept whole, for a replay").isNotNull();

    operator.harness().processWatermark(NOON + 150 * MINUTE + 1);
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  private void send(String id, long time) throws Exception {
    operator
        .harness()
        .processElement(
            new StreamRecord<>(
                new Event(id, time, new SourceRecord("t", 0, 0, new byte[] {1})), time));
  }
}
