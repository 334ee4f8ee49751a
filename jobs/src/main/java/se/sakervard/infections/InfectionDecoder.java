package se.sakervard.infections;

import java.time.Clock;
import java.time.Duration;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.EnvelopeRules.Rejections;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.infections.CaseRetraction;
import se.sakervard.schemas.infections.HygieneObservation;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;
import se.sakervard.schemas.infections.MultiResistantFinding;
import se.sakervard.schemas.infections.PrevalenceSurveyRecord;

/**
 * Decodes infection observations and rejects what the record alone shows to be unusable: codes,
 * identity-number-shaped patient references, an onset after the case was confirmed or longer than
 * {@code infections.max-onset-lag} before it, a hygiene observation without exactly its 8 steps. An
 * infection type or organism unknown to this reader arrives as the enum's default, OTHER.
 */
public final class InfectionDecoder implements RecordDecoder<InfectionInput> {
  private final EnvelopeRules envelopeRules;
  private final Duration maxOnsetLag;
  private transient SingleObjectCodec<InfectionObservation> codec;

  public InfectionDecoder(Duration maxFutureSkew, Duration maxOnsetLag, Clock clock) {
    this.envelopeRules = new EnvelopeRules(maxFutureSkew, clock);
    this.maxOnsetLag = maxOnsetLag;
  }

  @Override
  public InfectionInput decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(InfectionObservation.class);
    }
    InfectionObservation observation = EnvelopeRules.decode(codec, record.value());
    Envelope envelope = observation.getEnvelope();
    Rejections invalid = envelopeRules.check(envelope);
    Object o = observation.getObservation();
    if (o instanceof InfectionCase c) {
      invalid.requireCode("caseRef", c.getCaseRef());
      invalid.requirePseudonymous("patientRef", c.getPatientRef());
      if (c.getOnsetTime().isAfter(envelope.getEventTime())) {
        throw invalid.because(
            "onsetTime "
                + c.getOnsetTime()
                + " is after the case's eventTime "
                + envelope.getEventTime()
                + ": an infection is confirmed after its onset");
      }
      if (c.getOnsetTime().plus(maxOnsetLag).isBefore(envelope.getEventTime())) {
        throw invalid.because(
            "onsetTime "
                + c.getOnsetTime()
                + " is more than "
                + maxOnsetLag
                + " (infections.max-onset-lag) before the case was confirmed at "
                + envelope.getEventTime());
      }
      String organism = c.getOrganism() == null ? null : c.getOrganism().trim();
      return input(
          envelope,
          InfectionInput.Kind.CASE,
          c.getCaseRef(),
          null,
          c.getOnsetTime().toEpochMilli(),
          c.getInfectionType().name(),
          organism == null || organism.isEmpty() ? null : organism,
          null,
          null,
          null,
          c.getRevision(),
          record);
    }
    if (o instanceof CaseRetraction r) {
      invalid.requireCode("caseRef", r.getCaseRef());
      return input(
          envelope,
          InfectionInput.Kind.CASE_RETRACTION,
          r.getCaseRef(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          0,
          record);
    }
    if (o instanceof PrevalenceSurveyRecord s) {
      invalid.requireCode("surveyId", s.getSurveyId());
      invalid.requireCode("patientRef", s.getPatientRef());
      invalid.requirePseudonymous("patientRef", s.getPatientRef());
      return input(
          envelope,
          InfectionInput.Kind.SURVEY_RECORD,
          s.getSurveyId(),
          s.getPatientRef(),
          null,
          null,
          null,
          !s.getInfectionTypes().isEmpty(),
          null,
          null,
          0,
          record);
    }
    if (o instanceof HygieneObservation h) {
      invalid.requireCode("observationRef", h.getObservationRef());
      HygieneSteps steps;
      try {
        steps = HygieneSteps.of(h.getSteps());
      } catch (IllegalArgumentException e) {
        throw invalid.because(e.getMessage());
      }
      return input(
          envelope,
          InfectionInput.Kind.HYGIENE,
          h.getObservationRef(),
          null,
          null,
          null,
          null,
          null,
          steps,
          null,
          0,
          record);
    }
    MultiResistantFinding f = (MultiResistantFinding) o;
    invalid.requireCode("findingRef", f.getFindingRef());
    invalid.requirePseudonymous("patientRef", f.getPatientRef());
    return input(
        envelope,
        InfectionInput.Kind.MULTI_RESISTANT,
        f.getFindingRef(),
        null,
        null,
        null,
        null,
        null,
        null,
        f.getOrganism().name(),
        0,
        record);
  }

  private static InfectionInput input(
      Envelope envelope,
      InfectionInput.Kind kind,
      String ref,
      String patientRef,
      Long onset,
      String infectionType,
      String organism,
      Boolean infected,
      HygieneSteps hygiene,
      String multiResistant,
      int revision,
      SourceRecord record) {
    return new InfectionInput(
        envelope.getEventId(),
        envelope.getEventTime().toEpochMilli(),
        envelope.getRegionCode(),
        envelope.getHospitalCode(),
        envelope.getUnitCode(),
        kind,
        ref,
        patientRef,
        onset,
        infectionType,
        organism,
        infected,
        hygiene,
        multiResistant,
        revision,
        record);
  }
}
