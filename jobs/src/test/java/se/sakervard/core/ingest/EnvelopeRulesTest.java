package se.sakervard.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/** The envelope checks every stream makes, on hostile codes and times. */
class EnvelopeRulesTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final EnvelopeRules RULES =
      new EnvelopeRules(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  private static Envelope withUnit(String unit, Instant at) {
    return Envelope.newBuilder()
        .setEventId("e1")
        .setEventTime(at)
        .setSourceSystem("test")
        .setRegionCode("R1")
        .setHospitalCode("R1-H1")
        .setUnitCode(unit)
        .build();
  }

  private static String rejection(String unit, Instant at) {
    try {
      RULES.check(withUnit(unit, at));
      return "accepted";
    } catch (RejectedRecordException e) {
      assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID);
      return e.getMessage();
    }
  }

  @Test
  void shouldAcceptLettersOfAnyScriptInCodes() throws Exception {
    assertThat(rejection("R1-H1-Öron-näsa-hals", NOW)).isEqualTo("accepted");
  }

  @Test
  void shouldRejectCodesWithInvisibleOrControlCharacters() {
    // A zero-width space, a right-to-left override, a NUL, a private-use character: each would make
    // a second unit that looks like R1MED on a dashboard.
    assertThat(rejection("R1MED\u200B", NOW))
        .startsWith("unitCode contains the invisible or control character U+200B at position 5");
    assertThat(rejection("R1\u202EDEM", NOW)).contains("U+202E at position 2");
    assertThat(rejection("R1MED\u0000", NOW)).contains("U+0000");
    assertThat(rejection("R1\uE000", NOW)).contains("U+E000");
    assertThat(rejection(" R1MED", NOW)).isEqualTo("unitCode starts or ends with white space");
    assertThat(rejection("U".repeat(65), NOW))
        .isEqualTo("unitCode is 65 characters long; at most 64");
  }

  @Test
  void shouldRejectTimesFarInTheFutureOrThePast() {
    assertThat(rejection("R1MED", Instant.parse("9999-01-01T00:00:00Z")))
        .contains("ahead of the clock");
    assertThat(rejection("R1MED", Instant.parse("1970-01-01T00:00:00Z")))
        .contains("is before 2000");
    assertThatThrownBy(() -> RULES.check(withUnit("R1MED", NOW.plusSeconds(301))))
        .isInstanceOf(RejectedRecordException.class);
  }
}
