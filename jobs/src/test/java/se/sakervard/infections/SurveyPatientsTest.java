package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.infections.CaseInputs.surveyRecord;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.testing.KeyedOperator;

/**
 * A patient counts once per survey, and the earliest record stands whatever order they arrive in.
 * Survey S1 on unit U1:
 *
 * <pre>
 *   r2 P1 at 10:05 (arrives first)  +1 r2
 *   r1 P1 at 10:00                  −1 r2, +1 r1, r2 dead-lettered (r1 stands: earlier)
 *   r3 P1 at 10:10                  r3 dead-lettered, no count
 *   r4 P2 at 10:20                  +1 r4
 *   → counted: P1 once (r1), P2 once: 2 patients
 * </pre>
 */
class SurveyPatientsTest {
  private static final long T10 = 1_780_000_000_000L;
  private static final long MINUTE = 60_000L;

  @RegisterExtension
  final KeyedOperator<InfectionInput, SurveyPatients.SurveyCount> operator =
      KeyedOperator.of(() -> new SurveyPatients("infections"), SurveyPatients::key);

  @Test
  void shouldCountEachPatientOnceByTheirEarliestRecord() throws Exception {
    send(surveyRecord("r2", T10 + 5 * MINUTE, "U1", "S1", "P1", true));
    send(surveyRecord("r1", T10, "U1", "S1", "P1", true));
    send(surveyRecord("r3", T10 + 10 * MINUTE, "U1", "S1", "P1", false));
    send(surveyRecord("r4", T10 + 20 * MINUTE, "U1", "S1", "P2", false));

    List<SurveyPatients.SurveyCount> counts = operator.harness().extractOutputValues();
    assertThat(counts)
        .extracting(c -> (c.sign() > 0 ? "+" : "-") + c.record().eventId())
        .containsExactly("+r2", "-r2", "+r1", "+r4");
    assertThat(counts.stream().mapToInt(SurveyPatients.SurveyCount::sign).sum()).isEqualTo(2);
    assertThat(
            operator.harness().getSideOutput(DeadLetters.TAG).stream()
                .map(StreamRecord::getValue)
                .map(DeadLetterRecord::eventId))
        .containsExactly("r2", "r3");
  }

  private void send(InfectionInput r) throws Exception {
    operator.harness().processElement(new StreamRecord<>(r, r.eventTime()));
  }
}
