package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.infections.CaseInputs.infectionCase;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.testing.KeyedOperator;

/**
 * One unit's day, by hand, kept 10 days after it ends:
 *
 * <pre>
 *   case C1 (onset that day) counted       cases 0 → 1, and to the accepted cases
 *   patient days 20.0 (version 1)          patient days 0 → 20
 *   patient days 22.0 (version 2)          20 → 22 (a correction)
 *   patient days 21.0 (version 1 again)    ignored: older than the one kept
 *   case C1 taken out (corrected away)     cases 1 → 0
 *   watermark past the day's end + 10 days: nothing kept, no timer left
 * </pre>
 */
class UnitDaysTest {
  private static final LocalCalendar CALENDAR = new LocalCalendar(ZoneId.of("Europe/Stockholm"));
  private static final Duration KEEP = Duration.ofDays(10);
  private static final long NOON = 1_780_000_000_000L;
  private static final int DAY = CALENDAR.day(NOON);

  @RegisterExtension
  final KeyedOperator<UnitInput, UnitDayChange> operator =
      KeyedOperator.of(() -> new UnitDays(CALENDAR, KEEP), UnitInput::unitKey);

  @Test
  void shouldKeepADaysTotalsWhileTheyCanChangeAndTakeTheNewestPatientDays() throws Exception {
    InfectionInput c1 = infectionCase("e1", NOON, "U1", "C1", NOON - 3_600_000L, "UVI", null, 1);
    send(new UnitInput(c1, null, 1));
    send(new UnitInput(null, days(20.0, 1)));
    send(new UnitInput(null, days(22.0, 2)));
    send(new UnitInput(null, days(21.0, 1)));
    send(new UnitInput(c1, null, -1));

    List<UnitDayChange> changes = operator.harness().extractOutputValues();
    assertThat(changes)
        .extracting(
            c ->
                c.before().cases
                    + "/"
                    + c.before().patientDays
                    + " → "
                    + c.after().cases
                    + "/"
                    + c.after().patientDays)
        .containsExactly("0/0.0 → 1/0.0", "1/0.0 → 1/20.0", "1/20.0 → 1/22.0", "1/22.0 → 0/22.0");
    assertThat(operator.harness().getSideOutput(UnitDays.ACCEPTED_CASES))
        .extracting(r -> r.getValue().sign())
        .containsExactly(1, -1);

    operator.harness().processWatermark(CALENDAR.dayEnd(DAY) + KEEP.toMillis());
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  private static PatientDays days(double patientDays, long version) {
    return new PatientDays("R1", "R1-H1", "U1", DAY, patientDays, version, CALENDAR.dayEnd(DAY));
  }

  private void send(UnitInput input) throws Exception {
    operator.harness().processElement(new StreamRecord<>(input, input.eventTime()));
  }
}
