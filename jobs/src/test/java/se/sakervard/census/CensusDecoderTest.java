package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/** What the census job accepts, and why it rejects the rest. */
class CensusDecoderTest {
  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  private static final SingleObjectCodec<CensusEvent> CODEC =
      SingleObjectCodec.of(CensusEvent.class);

  private final CensusDecoder decoder =
      new CensusDecoder(Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void shouldDecodeAnAdmissionIntoTheStayAndItsUnits() throws Exception {
    CensusInput input = decoder.decode(record(admission("P-7781", NOW.minusSeconds(60))));

    assertThat(input.kind()).isEqualTo(CensusInput.Kind.ADMISSION);
    assertThat(input.eventId()).isEqualTo("e-1");
    assertThat(input.eventTime()).isEqualTo(NOW.minusSeconds(60).toEpochMilli());
    assertThat(input.stayRef()).isEqualTo("S-1");
    assertThat(input.unitCode()).isEqualTo("R-H-U2");
    assertThat(input.responsibleUnitCode()).isEqualTo("R-H-U1");
  }

  @Test
  void shouldRejectAPersonalIdentityNumberAndWithholdTheRawRecord() {
    // Personnummer with and without century and separator, and a samordningsnummer (day + 60);
    // assembled from parts so that no identity-number-shaped literal is ever committed.
    for (String pin :
        new String[] {
          pin("19121212", "-"), pin("121212", "-"), pin("19121212", ""), pin("121272", "+")
        }) {
      RejectedRecordException e = rejected(admission(pin, NOW));

      assertThat(e.reason()).as(pin).isEqualTo(DeadLetterReason.INVALID);
      assertThat(e.withholdRaw()).as(pin).isTrue();
      assertThat(e.getMessage()).as(pin).doesNotContain(pin).contains("pseudonymous");
      assertThat(e.eventId()).isEqualTo("e-1");
    }
  }

  @Test
  void shouldRejectAnEventTimeTooFarAheadOfTheClockButKeepTheRecord() {
    // One day of skew is allowed: 24 h ahead passes, 25 h ahead is a wrong source clock.
    assertThat(decodes(admission("P-1", NOW.plus(Duration.ofHours(24))))).isTrue();

    RejectedRecordException e = rejected(admission("P-1", NOW.plus(Duration.ofHours(25))));

    assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID);
    assertThat(e.withholdRaw()).isFalse();
    assertThat(e.getMessage()).contains("ahead of the clock");
  }

  @Test
  void shouldRejectImpossibleAvailableBeds() {
    assertThat(decodes(beds(0))).isTrue();
    assertThat(rejected(beds(-1)).getMessage()).contains("availableBeds -1");
    assertThat(rejected(beds(10_001)).reason()).isEqualTo(DeadLetterReason.INVALID);
  }

  @Test
  void shouldTellMalformedBytesFromAnUnknownSchema() {
    byte[] good = CODEC.encode(admission("P-1", NOW));
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] otherFingerprint = good.clone();
    otherFingerprint[2] ^= 0x5a; // bytes 2..9 are the schema fingerprint

    assertThat(rejectedBytes(truncated).reason()).isEqualTo(DeadLetterReason.MALFORMED);
    assertThat(rejectedBytes(otherFingerprint).reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    assertThat(rejectedBytes(new byte[] {1, 2, 3}).reason()).isEqualTo(DeadLetterReason.MALFORMED);
  }

  private static String pin(String birthDate, String separator) {
    return birthDate + separator + "1212";
  }

  private boolean decodes(CensusEvent event) {
    try {
      decoder.decode(record(event));
      return true;
    } catch (RejectedRecordException e) {
      return false;
    }
  }

  private RejectedRecordException rejected(CensusEvent event) {
    return rejectedBytes(CODEC.encode(event));
  }

  private RejectedRecordException rejectedBytes(byte[] bytes) {
    RejectedRecordException e =
        catchThrowableOfType(
            RejectedRecordException.class,
            () -> decoder.decode(new SourceRecord("census-events", 0, 42, bytes)));
    assertThat(e).as("rejected").isNotNull();
    return e;
  }

  private static SourceRecord record(CensusEvent event) {
    return new SourceRecord("census-events", 0, 42, CODEC.encode(event));
  }

  private static CensusEvent admission(String patientRef, Instant at) {
    return event(
        at,
        Admission.newBuilder()
            .setStayRef("S-1")
            .setPatientRef(patientRef)
            .setResponsibleUnitCode("R-H-U1")
            .build());
  }

  private static CensusEvent beds(int beds) {
    return event(NOW, AvailableBedsChanged.newBuilder().setAvailableBeds(beds).build());
  }

  private static CensusEvent event(Instant at, Object change) {
    return CensusEvent.newBuilder()
        .setEnvelope(
            Envelope.newBuilder()
                .setEventId("e-1")
                .setEventTime(at)
                .setSourceSystem("test")
                .setRegionCode("R")
                .setHospitalCode("R-H")
                .setUnitCode("R-H-U2")
                .build())
        .setChange(change)
        .build();
  }
}
