package se.sakervard.infections;

import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.reference.UnitRecord;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * One decoded infection observation. Only the fields of its kind are set.
 *
 * @param ref the case, survey, observation or finding reference
 * @param patientRef SURVEY_RECORD only (pseudonymous): a patient is counted once per survey
 * @param onset CASE only: onset of the infection, epoch ms
 * @param infectionType CASE only
 * @param organism CASE only; null when not known
 * @param infected SURVEY_RECORD only: the patient has at least one VRI
 * @param hygiene HYGIENE only: the observation's results
 * @param multiResistant MULTI_RESISTANT only: MRSA, ESBL, VRE or OTHER
 * @param revision CASE only: 0 for the first report, higher for a correction
 */
public record InfectionInput(
    String eventId,
    long eventTime,
    String regionCode,
    String hospitalCode,
    String unitCode,
    Kind kind,
    String ref,
    String patientRef,
    Long onset,
    String infectionType,
    String organism,
    Boolean infected,
    HygieneSteps hygiene,
    String multiResistant,
    int revision,
    SourceRecord origin)
    implements InputEvent {

  public enum Kind {
    CASE,
    SURVEY_RECORD,
    HYGIENE,
    MULTI_RESISTANT,
    /** Withdraws the case {@code ref}: see {@link CaseRecords}. */
    CASE_RETRACTION
  }

  /** This observation with its unit's hospital and region from the reference data. */
  public InfectionInput placedIn(UnitRecord unit) {
    return new InfectionInput(
        eventId,
        eventTime,
        unit.regionCode(),
        unit.hospitalCode(),
        unitCode,
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
        origin);
  }

  /** The local day the observation counts on: a case's onset, anything else its event time. */
  public long countsAt() {
    return kind == Kind.CASE ? onset : eventTime;
  }

  /**
   * Of two records of one thing (a case, a patient in a survey), whether this one stands: the
   * earlier by event time, then by event id, so the choice never depends on arrival order.
   */
  public boolean standsBefore(InfectionInput other) {
    return eventTime != other.eventTime
        ? eventTime < other.eventTime
        : eventId.compareTo(other.eventId) < 0;
  }

  /** This record as an INVALID dead letter, with the reason. */
  public DeadLetterRecord invalid(String job, String detail) {
    return new DeadLetterRecord(
        job,
        origin.topic(),
        origin.partition(),
        origin.offset(),
        DeadLetterReason.INVALID,
        detail,
        eventId,
        eventTime,
        origin.value());
  }
}
