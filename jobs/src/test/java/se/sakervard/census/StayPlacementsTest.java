package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.census.CensusInput.Kind;
import se.sakervard.testing.KeyedOperator;

class StayPlacementsTest {
  private static final long T0 = Instant.parse("2026-01-15T08:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000;
  private static final Duration LATENESS = Duration.ofHours(2);
  private static final Duration RETENTION = Duration.ofDays(400);

  @RegisterExtension
  final KeyedOperator<CensusInput, UnitChange> operator =
      KeyedOperator.of(() -> new StayPlacements(LATENESS, RETENTION), CensusInput::stayRef);

  @Test
  void shouldForgetADischargedStayWithAllItsTimers() throws Exception {
    send(event("e1", T0, Kind.ADMISSION, "MED"));
    send(event("e2", T0 + HOUR, Kind.TRANSFER, "SURG"));
    send(event("e3", T0 + 2 * HOUR, Kind.DISCHARGE, "SURG"));
    // Admitted to MED, moved to SURG, discharged: +1 MED, −1 MED +1 SURG, −1 SURG.
    assertThat(operator.harness().extractOutputValues())
        .extracting(c -> c.unitCode() + " " + c.occupiedDelta())
        .containsExactly("MED 1", "MED -1", "SURG 1", "SURG -1");

    operator.harness().processWatermark(T0 + 2 * HOUR + LATENESS.toMillis() + 1);

    // Nothing of the stay is left: no state, and no timer waiting for the 400-day retention (one
    // per event before, which a national year piled up by the million in every checkpoint).
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  /**
   * A transfer entered in error and cancelled (its retraction dated at the transfer, as the
   * contract says): the units see the stay as if it had stayed on MED, and once the discharge is
   * past correction nothing of the stay is left, the ids taken back included. Retractions do not
   * make a stay's state outlive it.
   */
  @Test
  void shouldForgetACancelledTransferWithTheStay() throws Exception {
    send(event("e1", T0, Kind.ADMISSION, "MED"));
    send(event("e2", T0 + HOUR, Kind.TRANSFER, "SURG"));
    send(retraction("r2", T0 + HOUR, "e2"));
    send(event("e3", T0 + 2 * HOUR, Kind.DISCHARGE, "MED"));
    // +1 MED; −1 MED +1 SURG (the transfer); +1 MED −1 SURG (its retraction); −1 MED.
    assertThat(operator.harness().extractOutputValues())
        .extracting(c -> c.unitCode() + " " + c.occupiedDelta())
        .containsExactly("MED 1", "MED -1", "SURG 1", "SURG -1", "MED 1", "MED -1");

    operator.harness().processWatermark(T0 + 2 * HOUR + LATENESS.toMillis() + 1);

    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  @Test
  void shouldKeepOneRetentionTimerForAStayStillAdmitted() throws Exception {
    send(event("e1", T0, Kind.ADMISSION, "MED"));
    send(event("e2", T0 + HOUR, Kind.TRANSFER, "SURG"));
    operator.harness().processWatermark(T0 + HOUR + LATENESS.toMillis() + 1);

    // The lateness timers have fired; the stay waits on one timer, 400 days after its newest event.
    assertThat(operator.harness().numEventTimeTimers()).isEqualTo(1);

    operator.harness().processWatermark(T0 + HOUR + RETENTION.toMillis());
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  private void send(CensusInput event) throws Exception {
    operator.harness().processElement(new StreamRecord<>(event, event.eventTime()));
  }

  private static CensusInput retraction(String id, long time, String retracted) {
    return new CensusInput(
        id,
        time,
        "R1",
        "R1H1",
        "MED",
        Kind.RETRACTION,
        "stay-1",
        null,
        null,
        null,
        null,
        null,
        retracted,
        null);
  }

  private static CensusInput event(String id, long time, Kind kind, String unit) {
    return new CensusInput(
        id, time, "R1", "R1H1", unit, kind, "stay-1", unit, null, null, null, null, null, null);
  }
}
