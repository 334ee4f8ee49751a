package se.sakervard.census;

import java.time.Clock;
import java.time.Duration;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.EnvelopeRules.Rejections;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;

/**
 * Decodes census records and rejects what the figures cannot use, each with a reason a person can
 * act on. Validation is about the record alone; whether an event fits its stay is the stay
 * timeline's business (events may arrive in any order).
 */
public final class CensusDecoder implements RecordDecoder<CensusInput> {
  static final int MAX_AVAILABLE_BEDS = 10_000;

  private final EnvelopeRules envelopeRules;
  private transient SingleObjectCodec<CensusEvent> codec;

  public CensusDecoder(Duration maxFutureSkew, Clock clock) {
    this.envelopeRules = new EnvelopeRules(maxFutureSkew, clock);
  }

  @Override
  public CensusInput decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(CensusEvent.class);
    }
    CensusEvent event = EnvelopeRules.decode(codec, record.value());
    Envelope envelope = event.getEnvelope();
    Rejections invalid = envelopeRules.check(envelope);
    Object change = event.getChange();
    if (change instanceof Admission a) {
      invalid.requirePseudonymous("patientRef", a.getPatientRef());
      return stay(
          envelope,
          record,
          CensusInput.Kind.ADMISSION,
          a.getStayRef(),
          a.getResponsibleUnitCode(),
          invalid);
    }
    if (change instanceof Transfer t) {
      invalid.requirePseudonymous("patientRef", t.getPatientRef());
      invalid.requireCode("fromUnitCode", t.getFromUnitCode());
      return stay(
          envelope,
          record,
          CensusInput.Kind.TRANSFER,
          t.getStayRef(),
          t.getResponsibleUnitCode(),
          invalid);
    }
    if (change instanceof Discharge d) {
      invalid.requirePseudonymous("patientRef", d.getPatientRef());
      return stay(
          envelope,
          record,
          CensusInput.Kind.DISCHARGE,
          d.getStayRef(),
          envelope.getUnitCode(),
          invalid);
    }
    if (change instanceof Retraction r) {
      invalid.requireCode("stayRef", r.getStayRef());
      invalid.requireCode("retractedEventId", r.getRetractedEventId());
      if (r.getRetractedEventId().equals(envelope.getEventId())) {
        throw invalid.because("a retraction cannot take back itself (retractedEventId = eventId)");
      }
      return new CensusInput(
          invalid.eventId(),
          invalid.eventTime(),
          envelope.getRegionCode(),
          envelope.getHospitalCode(),
          envelope.getUnitCode(),
          CensusInput.Kind.RETRACTION,
          r.getStayRef(),
          null,
          null,
          null,
          null,
          envelope.getSequence(),
          r.getRetractedEventId(),
          record);
    }
    AvailableBedsChanged b = (AvailableBedsChanged) change;
    if (b.getAvailableBeds() < 0 || b.getAvailableBeds() > MAX_AVAILABLE_BEDS) {
      throw invalid.because(
          "availableBeds " + b.getAvailableBeds() + " is outside 0.." + MAX_AVAILABLE_BEDS);
    }
    return new CensusInput(
        invalid.eventId(),
        invalid.eventTime(),
        envelope.getRegionCode(),
        envelope.getHospitalCode(),
        envelope.getUnitCode(),
        CensusInput.Kind.AVAILABLE_BEDS,
        null,
        null,
        b.getAvailableBeds(),
        null, // care type and flag: the unit reference data's (KnownUnits)
        null,
        envelope.getSequence(),
        null,
        record);
  }

  private static CensusInput stay(
      Envelope envelope,
      SourceRecord record,
      CensusInput.Kind kind,
      String stayRef,
      String responsibleUnitCode,
      Rejections invalid)
      throws RejectedRecordException {
    invalid.requireCode("stayRef", stayRef);
    invalid.requireCode("responsibleUnitCode", responsibleUnitCode);
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
        envelope.getSequence(),
        null,
        record);
  }
}
