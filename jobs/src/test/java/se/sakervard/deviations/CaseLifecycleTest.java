package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.deviations.DeviationEvents.RULE;
import static se.sakervard.deviations.DeviationEvents.day;
import static se.sakervard.deviations.DeviationEvents.report;
import static se.sakervard.deviations.DeviationEvents.step;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.testing.KeyedOperator;

class CaseLifecycleTest {
  private static final Duration RETENTION = Duration.ofDays(730);

  @RegisterExtension
  final KeyedOperator<DeviationInput, CaseUpdate> operator =
      KeyedOperator.of(() -> new CaseLifecycle(RULE, RETENTION), DeviationInput::caseRef);

  @Test
  void shouldEmitTheFactsBeforeAndAfterEachEventOnceReported() throws Exception {
    send(step("e2", "C1", DeviationInput.Kind.CLOSED, 30));
    assertThat(updates()).isEmpty();

    send(report("e1", "C1", 0, 1, 1));
    send(step("e3", "C1", DeviationInput.Kind.REOPENED, 40));

    List<CaseUpdate> updates = updates();
    assertThat(updates).hasSize(2);
    assertThat(updates.get(0).before()).isNull();
    assertThat(updates.get(0).after().closedAt()).isEqualTo(day(30));
    assertThat(updates.get(1).before().closedAt()).isEqualTo(day(30));
    assertThat(updates.get(1).after().open()).isTrue();
    assertThat(updates.get(1).after().version()).isEqualTo(3);
  }

  @Test
  void shouldDeadLetterEventsWhoseReportNeverArrivesAndForgetTheCase() throws Exception {
    send(step("e7", "C9", DeviationInput.Kind.CLOSED, 10));
    send(step("e8", "C9", DeviationInput.Kind.ACTIONS_DECIDED, 5));
    assertThat(deadLetters()).isEmpty();

    // Retention counts from the newest event (day 10).
    operator.harness().processWatermark(day(10) + RETENTION.toMillis() - 1);
    assertThat(deadLetters()).isEmpty();
    operator.harness().processWatermark(day(10) + RETENTION.toMillis());

    assertThat(deadLetters())
        .extracting(DeadLetterRecord::eventId)
        .containsExactlyInAnyOrder("e7", "e8");
    assertThat(deadLetters())
        .allSatisfy(
            d -> {
              assertThat(d.reason()).isEqualTo(DeadLetterReason.INVALID);
              assertThat(d.detail()).contains("no CaseReported for case C9");
              assertThat(d.rawValue()).isNotNull();
            });
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
    assertThat(updates()).isEmpty();
  }

  @Test
  void shouldDeadLetterAnImpossibleTimeOrderAndKeepTheCase() throws Exception {
    send(report("e1", "C1", 10, 1, 1));
    send(step("e2", "C1", DeviationInput.Kind.CLOSED, 2));

    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.eventId()).isEqualTo("e2");
              assertThat(d.detail()).contains("impossible time order");
            });
    assertThat(updates()).hasSize(1);
    assertThat(updates().get(0).after().open()).isTrue();
  }

  private void send(DeviationInput event) throws Exception {
    operator.harness().processElement(new StreamRecord<>(event, event.eventTime()));
  }

  private List<CaseUpdate> updates() {
    return operator.harness().extractOutputValues();
  }

  private List<DeadLetterRecord> deadLetters() {
    var out = operator.harness().getSideOutput(DeadLetters.TAG);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }
}
