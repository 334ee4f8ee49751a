package se.sakervard.core.ingest;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * The checks every stream's decoder makes: the record decodes, and its envelope has its codes and a
 * plausible event time. Each rejection carries a reason a person can act on.
 */
public final class EnvelopeRules implements Serializable {
  public static final int MAX_CODE_LENGTH = 64;
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private final Duration maxFutureSkew;
  private final Clock clock;

  /**
   * @param maxFutureSkew an event time further ahead of the clock is a wrong source clock: it would
   *     drag the watermark into the future and make every real event late
   */
  public EnvelopeRules(Duration maxFutureSkew, Clock clock) {
    this.maxFutureSkew = maxFutureSkew;
    this.clock = clock;
  }

  /** Decodes single-object-encoded bytes; undecodable ones are MALFORMED or UNKNOWN_SCHEMA. */
  public static <T extends SpecificRecordBase> T decode(SingleObjectCodec<T> codec, byte[] bytes)
      throws RejectedRecordException {
    try {
      return codec.decode(bytes);
    } catch (UndecodableRecordException e) {
      DeadLetterReason reason =
          e.kind() == UndecodableRecordException.Kind.UNKNOWN_SCHEMA
              ? DeadLetterReason.UNKNOWN_SCHEMA
              : DeadLetterReason.MALFORMED;
      throw new RejectedRecordException(reason, e.getMessage(), null, null, false);
    }
  }

  /** Checks the envelope and returns the rejections of this event, for the stream's own checks. */
  public Rejections check(Envelope envelope) throws RejectedRecordException {
    Rejections rejections =
        new Rejections(envelope.getEventId(), envelope.getEventTime().toEpochMilli());
    rejections.requireCode("eventId", envelope.getEventId());
    rejections.requireCode("regionCode", envelope.getRegionCode());
    rejections.requireCode("hospitalCode", envelope.getHospitalCode());
    rejections.requireCode("unitCode", envelope.getUnitCode());
    if (envelope.getEventTime().isBefore(EARLIEST)) {
      throw rejections.because("eventTime " + envelope.getEventTime() + " is before " + EARLIEST);
    }
    if (envelope.getEventTime().isAfter(clock.instant().plus(maxFutureSkew))) {
      throw rejections.because(
          "eventTime "
              + envelope.getEventTime()
              + " is more than "
              + maxFutureSkew
              + " ahead of the clock; check the source system's clock");
    }
    return rejections;
  }

  /** INVALID rejections of one event. */
  public record Rejections(String eventId, long eventTime) {
    public RejectedRecordException because(String detail) {
      return new RejectedRecordException(
          DeadLetterReason.INVALID, detail, eventId, eventTime, false);
    }

    public void requireCode(String field, String value) throws RejectedRecordException {
      if (value == null || value.isBlank()) {
        throw because(field + " is empty");
      }
      if (value.length() > MAX_CODE_LENGTH) {
        throw because(
            field + " is " + value.length() + " characters long; at most " + MAX_CODE_LENGTH);
      }
      int hidden = firstHiddenCharacter(value);
      if (hidden >= 0) {
        // Codes are keys and labels: an invisible character makes a second unit that looks like
        // the first on every dashboard. Letters of any script are fine (Öron-näsa-hals).
        throw because(
            String.format(
                "%s contains the invisible or control character U+%04X at position %d",
                field, value.codePointAt(hidden), hidden));
      }
      if (!value.strip().equals(value)) {
        throw because(field + " starts or ends with white space");
      }
    }

    /** The index of the first control, format (zero-width, direction) or unassigned character. */
    static int firstHiddenCharacter(String value) {
      for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
        int c = value.codePointAt(i);
        int type = Character.getType(c);
        if (Character.isISOControl(c)
            || type == Character.FORMAT
            || type == Character.UNASSIGNED
            || type == Character.PRIVATE_USE
            || type == Character.SURROGATE) {
          return i;
        }
      }
      return -1;
    }

    /** A patient reference must be pseudonymous; otherwise the raw record is withheld too. */
    public void requirePseudonymous(String field, String value) throws RejectedRecordException {
      if (PersonalIdentityNumbers.looksLikeOne(value)) {
        // The dead-letter topic must not become a register.
        throw new RejectedRecordException(
            DeadLetterReason.INVALID,
            field
                + " looks like a personal identity number; the record is withheld. Send a"
                + " pseudonymous reference.",
            eventId,
            eventTime,
            true);
      }
    }
  }
}
