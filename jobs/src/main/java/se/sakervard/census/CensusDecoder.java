package se.sakervard.census;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Decodes census records and rejects what the figures cannot use, each with a reason a person can
 * act on. Validation is about the record alone; whether an event fits its stay is the stay
 * timeline's business (events may arrive in any order).
 */
public final class CensusDecoder implements RecordDecoder<CensusInput> {
  static final int MAX_CODE_LENGTH = 64;
  static final int MAX_AVAILABLE_BEDS = 10_000;
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  // YYMMDD-NNNN or YYYYMMDDNNNN, with or without separator: a personnummer or samordningsnummer.
  private static final Pattern PERSONAL_IDENTITY_NUMBER =
      Pattern.compile("^\\s*(\\d{2})?\\d{6}[-+]?\\d{4}\\s*$");

  private final Duration maxFutureSkew;
  private final Clock clock;
  private transient SingleObjectCodec<CensusEvent> codec;

  public CensusDecoder(Duration maxFutureSkew, Clock clock) {
    this.maxFutureSkew = maxFutureSkew;
    this.clock = clock;
  }

  @Override
  public CensusInput decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(CensusEvent.class);
    }
    CensusEvent event;
    try {
      event = codec.decode(record.value());
    } catch (UndecodableRecordException e) {
      DeadLetterReason reason =
          e.kind() == UndecodableRecordException.Kind.UNKNOWN_SCHEMA
              ? DeadLetterReason.UNKNOWN_SCHEMA
              : DeadLetterReason.MALFORMED;
      throw new RejectedRecordException(reason, e.getMessage(), null, null, false);
    }
    Envelope envelope = event.getEnvelope();
    String eventId = envelope.getEventId();
    long time = envelope.getEventTime().toEpochMilli();
    Invalid invalid = new Invalid(eventId, time);
    requireCode(invalid, "eventId", eventId);
    requireCode(invalid, "regionCode", envelope.getRegionCode());
    requireCode(invalid, "hospitalCode", envelope.getHospitalCode());
    requireCode(invalid, "unitCode", envelope.getUnitCode());
    if (envelope.getEventTime().isBefore(EARLIEST)) {
      throw invalid.because("eventTime " + envelope.getEventTime() + " is before " + EARLIEST);
    }
    Instant latest = clock.instant().plus(maxFutureSkew);
    if (envelope.getEventTime().isAfter(latest)) {
      throw invalid.because(
          "eventTime "
              + envelope.getEventTime()
              + " is more than "
              + maxFutureSkew
              + " ahead of the clock; check the source system's clock");
    }
    Object change = event.getChange();
    if (change instanceof Admission a) {
      requirePseudonymous(invalid, a.getPatientRef());
      return stay(
          envelope,
          record,
          CensusInput.Kind.ADMISSION,
          a.getStayRef(),
          a.getResponsibleUnitCode(),
          invalid);
    }
    if (change instanceof Transfer t) {
      requirePseudonymous(invalid, t.getPatientRef());
      requireCode(invalid, "fromUnitCode", t.getFromUnitCode());
      return stay(
          envelope,
          record,
          CensusInput.Kind.TRANSFER,
          t.getStayRef(),
          t.getResponsibleUnitCode(),
          invalid);
    }
    if (change instanceof Discharge d) {
      requirePseudonymous(invalid, d.getPatientRef());
      return stay(
          envelope,
          record,
          CensusInput.Kind.DISCHARGE,
          d.getStayRef(),
          envelope.getUnitCode(),
          invalid);
    }
    AvailableBedsChanged b = (AvailableBedsChanged) change;
    if (b.getAvailableBeds() < 0 || b.getAvailableBeds() > MAX_AVAILABLE_BEDS) {
      throw invalid.because(
          "availableBeds " + b.getAvailableBeds() + " is outside 0.." + MAX_AVAILABLE_BEDS);
    }
    return new CensusInput(
        eventId,
        time,
        envelope.getRegionCode(),
        envelope.getHospitalCode(),
        envelope.getUnitCode(),
        CensusInput.Kind.AVAILABLE_BEDS,
        null,
        null,
        b.getAvailableBeds(),
        b.getCareType(),
        b.getTechnicalUnit(),
        record);
  }

  private static CensusInput stay(
      Envelope envelope,
      SourceRecord record,
      CensusInput.Kind kind,
      String stayRef,
      String responsibleUnitCode,
      Invalid invalid)
      throws RejectedRecordException {
    requireCode(invalid, "stayRef", stayRef);
    requireCode(invalid, "responsibleUnitCode", responsibleUnitCode);
    return new CensusInput(
        envelope.getEventId(),
        envelope.getEventTime().toEpochMilli(),
        envelope.getRegionCode(),
        envelope.getHospitalCode(),
        envelope.getUnitCode(),
        kind,
        stayRef,
        responsibleUnitCode,
        null,
        null,
        null,
        record);
  }

  private static void requireCode(Invalid invalid, String field, String value)
      throws RejectedRecordException {
    if (value == null || value.isBlank()) {
      throw invalid.because(field + " is empty");
    }
    if (value.length() > MAX_CODE_LENGTH) {
      throw invalid.because(
          field + " is " + value.length() + " characters long; at most " + MAX_CODE_LENGTH);
    }
  }

  private static void requirePseudonymous(Invalid invalid, String patientRef)
      throws RejectedRecordException {
    if (PERSONAL_IDENTITY_NUMBER.matcher(patientRef).matches()) {
      // The raw record is withheld too: the dead-letter topic must not become a register.
      throw new RejectedRecordException(
          DeadLetterReason.INVALID,
          "patientRef looks like a personal identity number; the record is withheld. Send a"
              + " pseudonymous reference.",
          invalid.eventId,
          invalid.eventTime,
          true);
    }
  }

  private record Invalid(String eventId, long eventTime) {
    RejectedRecordException because(String detail) {
      return new RejectedRecordException(
          DeadLetterReason.INVALID, detail, eventId, eventTime, false);
    }
  }
}
