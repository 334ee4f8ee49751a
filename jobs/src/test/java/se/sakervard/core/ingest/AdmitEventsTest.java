package se.sakervard.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.source.Replay;
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

  /**
   * Dead letters sent back (ReplayDeadLetters), the watermark at 12:00. e4 at 11:00 was admitted
   * here and dead-lettered after (its unit unknown): a replay of its dead letter t/0/4 is admitted
   * although the id was seen; the same dead letter replayed again is dropped; a replay of a dead
   * letter e4 got on its second way (t/0/9: dead-lettered again) is admitted. A replay of another
   * job's dead letter is this job's to ignore (it had the original), and one that is too late is
   * dead-lettered again as TOO_LATE.
   */
  @Test
  void shouldAdmitAReplayOfThisJobsDeadLetterOnce() throws Exception {
    operator.harness().processWatermark(NOON);
    long eleven = NOON - 60 * MINUTE;

    send("e4", eleven);
    send("e4", eleven, new Replay("test", "t/0/4"));
    send("e4", eleven, new Replay("test", "t/0/4"));
    send("e4", eleven, new Replay("test", "t/0/9"));
    send("e5", eleven, new Replay("deviations", "t/0/5"));
    send("e6", NOON - 121 * MINUTE, new Replay("test", "t/0/6"));

    assertThat(operator.harness().extractOutputValues())
        .extracting(e -> e.eventId() + " " + e.origin().replay())
        .containsExactly(
            "e4 null", "e4 Replay[job=test, of=t/0/4]", "e4 Replay[job=test, of=t/0/9]");
    assertThat(operator.harness().getSideOutput(DeadLetters.TAG))
        .extracting(r -> r.getValue().reason() + " " + r.getValue().eventId())
        .containsExactly("TOO_LATE e6");

    operator.harness().processWatermark(NOON + 60 * MINUTE + 1);
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
  }

  private void send(String id, long time) throws Exception {
    send(id, time, null);
  }

  private void send(String id, long time, Replay replay) throws Exception {
    operator
        .harness()
        .processElement(
            new StreamRecord<>(
                new Event(id, time, new SourceRecord("t", 0, 0, new byte[] {1}, replay)), time));
  }
}
