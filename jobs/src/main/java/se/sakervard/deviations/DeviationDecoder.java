package se.sakervard.deviations;

import java.time.Clock;
import java.time.Duration;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.EnvelopeRules.Rejections;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.schemas.deviations.InvestigationStarted;

/**
 * Decodes deviation records and rejects what no case can use. Only what the record alone shows is
 * checked here (codes, scales, a report that happened after it was reported); whether an event fits
 * its case is {@link CaseHistory}'s business, since a case's events arrive in any order.
 *
 * <p>A category unknown to this reader cannot arrive as such: Avro resolves an enum symbol the
 * reader's schema lacks to the enum's default, {@code OTHER}.
 */
public final class DeviationDecoder implements RecordDecoder<DeviationInput> {
  private final EnvelopeRules envelopeRules;
  private transient SingleObjectCodec<DeviationEvent> codec;

  public DeviationDecoder(Duration maxFutureSkew, Clock clock) {
    this.envelopeRules = new EnvelopeRules(maxFutureSkew, clock);
  }

  @Override
  public DeviationInput decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(DeviationEvent.class);
    }
    DeviationEvent event = EnvelopeRules.decode(codec, record.value());
    Envelope envelope = event.getEnvelope();
    Rejections invalid = envelopeRules.check(envelope);
    invalid.requireCode("caseRef", event.getCaseRef());
    Object change = event.getChange();
    if (change instanceof CaseReported r) {
      invalid.requirePseudonymous("patientRef", r.getPatientRef());
      requireScale(invalid, "consequence", r.getConsequence());
      requireScale(invalid, "likelihood", r.getLikelihood());
      if (r.getOccurredTime().isAfter(envelope.getEventTime())) {
        throw invalid.because(
            "occurredTime "
                + r.getOccurredTime()
                + " is after the report's eventTime "
                + envelope.getEventTime()
                + ": a deviation is reported after it occurred");
      }
      return input(
          envelope,
          event,
          DeviationInput.Kind.REPORTED,
          r.getOccurredTime().toEpochMilli(),
          r.getCategory().name(),
          r.getDeviationType().name(),
          r.getConsequence(),
          r.getLikelihood(),
          null,
          null,
          record);
    }
    if (change instanceof CaseClassified c) {
      requireScale(invalid, "consequence", c.getConsequence());
      requireScale(invalid, "likelihood", c.getLikelihood());
      if (c.getOccurredTime() != null && c.getOccurredTime().isAfter(envelope.getEventTime())) {
        throw invalid.because(
            "occurredTime "
                + c.getOccurredTime()
                + " is after the classification's eventTime "
                + envelope.getEventTime()
                + ": a deviation is classified after it occurred");
      }
      return input(
          envelope,
          event,
          DeviationInput.Kind.CLASSIFIED,
          c.getOccurredTime() == null ? null : c.getOccurredTime().toEpochMilli(),
          c.getCategory().name(),
          c.getDeviationType().name(),
          c.getConsequence(),
          c.getLikelihood(),
          c.getSeriousCareInjury(),
          null,
          record);
    }
    if (change instanceof InvestigationStarted i) {
      return input(
          envelope,
          event,
          DeviationInput.Kind.INVESTIGATION_STARTED,
          null,
          null,
          null,
          null,
          null,
          null,
          i.getEventAnalysis(),
          record);
    }
    return input(envelope, event, kindOf(change), null, null, null, null, null, null, null, record);
  }

  private static DeviationInput.Kind kindOf(Object change) {
    return switch (change.getClass().getSimpleName()) {
      case "ActionsDecided" -> DeviationInput.Kind.ACTIONS_DECIDED;
      case "CaseClosed" ->
          ((CaseClosed) change).getEnteredInError()
              ? DeviationInput.Kind.ENTERED_IN_ERROR
              : DeviationInput.Kind.CLOSED;
      case "CaseReopened" -> DeviationInput.Kind.REOPENED;
      case "LexMariaFiled" -> DeviationInput.Kind.LEX_MARIA_FILED;
      case "ComplaintReceived" -> DeviationInput.Kind.COMPLAINT_RECEIVED;
      case "ComplaintAnswered" -> DeviationInput.Kind.COMPLAINT_ANSWERED;
      default -> throw new IllegalStateException("unknown deviation change " + change.getClass());
    };
  }

  private static void requireScale(Rejections invalid, String field, int value)
      throws RejectedRecordException {
    if (value < 1 || value > 4) {
      throw invalid.because(field + " " + value + " is outside the scale 1..4");
    }
  }

  private static DeviationInput input(
      Envelope envelope,
      DeviationEvent event,
      DeviationInput.Kind kind,
      Long occurredTime,
      String category,
      String deviationType,
      Integer consequence,
      Integer likelihood,
      Boolean serious,
      Boolean eventAnalysis,
      SourceRecord record) {
    return new DeviationInput(
        envelope.getEventId(),
        envelope.getEventTime().toEpochMilli(),
        envelope.getRegionCode(),
        envelope.getHospitalCode(),
        envelope.getUnitCode(),
        event.getCaseRef(),
        kind,
        occurredTime,
        category,
        deviationType,
        consequence,
        likelihood,
        serious,
        eventAnalysis,
        record);
  }
}
