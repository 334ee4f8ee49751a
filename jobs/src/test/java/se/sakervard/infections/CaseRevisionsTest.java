package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.testing.KeyedOperator;

/**
 * Which record of a case counts, in the job's operator: a correction moves the case (out of its
 * first unit, into the corrected one); a withdrawal whose case never came, or whose case's day is
 * past correction (kept 10 days here), is dead-lettered when forgotten, and nothing is left behind.
 */
class CaseRevisionsTest {
  private static final LocalCalendar CALENDAR = new LocalCalendar(ZoneId.of("Europe/Stockholm"));
  private static final long T0 = 1_780_000_000_000L;
  private static final long DAY = 86_400_000L;
  private static final Duration KEEP = Duration.ofDays(10);

  @RegisterExtension
  final KeyedOperator<InfectionInput, UnitInput> operator =
      KeyedOperator.of(() -> new CaseRevisions("infections", CALENDAR, KEEP), CaseRevisions::key);

  @Test
  void shouldMoveACorrectedCaseFromItsFirstUnitToTheCorrectedOne() throws Exception {
    InfectionInput first = infectionCase("e1", "U2", null, 0, T0 + DAY);
    InfectionInput corrected = infectionCase("e2", "U1", "Klebsiella pneumoniae", 1, T0 + 2 * DAY);
    send(first);
    send(corrected);

    assertThat(operator.harness().extractOutputValues())
        .extracting(
            u -> u.observation().eventId() + " " + u.observation().unitCode() + " " + u.sign())
        .containsExactly("e1 U2 1", "e1 U2 -1", "e2 U1 1");
  }

  @Test
  void shouldDeadLetterAWithdrawalWhoseCaseNeverCame() throws Exception {
    send(withdrawal("w1", T0));
    operator.harness().processWatermark(T0 + KEEP.toMillis() + 1);

    assertThat(deadLetters())
        .extracting(d -> d.reason() + " " + d.eventId())
        .containsExactly(DeadLetterReason.INVALID + " w1");
    assertThat(deadLetters().get(0).detail()).contains("never reported");
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldForgetACaseOnceItsDayIsPastCorrectionAndDeadLetterALaterWithdrawal() throws Exception {
    send(infectionCase("e1", "U1", null, 0, T0 + DAY));
    long forgotten = CALENDAR.dayEnd(CALENDAR.day(T0)) + KEEP.toMillis();
    operator.harness().processWatermark(forgotten);
    assertThat(operator.harness().numKeyedStateEntries()).isZero();

    send(withdrawal("w1", forgotten + DAY));
    operator.harness().processWatermark(forgotten + DAY + KEEP.toMillis());

    // The case was counted once and never taken out: its day could no longer change.
    assertThat(operator.harness().extractOutputValues())
        .extracting(UnitInput::sign)
        .containsExactly(1);
    assertThat(deadLetters()).extracting(DeadLetterRecord::eventId).containsExactly("w1");
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  private void send(InfectionInput r) throws Exception {
    operator.harness().processElement(new StreamRecord<>(r, r.eventTime()));
  }

  private List<DeadLetterRecord> deadLetters() {
    var out = operator.harness().getSideOutput(DeadLetters.TAG);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private static InfectionInput infectionCase(
      String id, String unit, String organism, int revision, long confirmed) {
    return CaseInputs.infectionCase(id, confirmed, unit, "C1", T0, "PNEUMONIA", organism, revision);
  }

  private static InfectionInput withdrawal(String id, long at) {
    return CaseInputs.withdrawal(id, at, "U1", "C1");
  }
}
