package se.sakervard.simulator;

/**
 * What a {@link SimulatedRecord} carries, for counting what was sent.
 *
 * <p>Census records ({@link CensusSimulator}) come first. Deviation records ({@link
 * DeviationSimulator}) have one kind per change of a case, so a benchmark can count reports, closes
 * or lex Maria filings without decoding; a reclassification is a second {@link #CASE_CLASSIFIED}.
 * The deviation faults ({@link DeviationFaultRates}) have kinds of their own instead of the change
 * they carry. Infection records ({@link InfectionSimulator}) come last, one kind per observation
 * type and sporadic cases apart from seeded outbreak cases; the infection faults ({@link
 * InfectionFaultRates}) again have kinds of their own. {@link #DUPLICATE} and {@link #MALFORMED}
 * are faults of every stream.
 */
public enum RecordKind {
  ADMISSION,
  TRANSFER,
  DISCHARGE,
  AVAILABLE_BEDS,
  /** A second copy of a record already sent (same bytes, same event id). */
  DUPLICATE,
  /** Bytes no reader can decode. */
  MALFORMED,
  /** A deviation case's report (CaseReported), sent at its event time. */
  CASE_REPORTED,
  /** A classification of a case, the first one or a later reclassification. */
  CASE_CLASSIFIED,
  INVESTIGATION_STARTED,
  ACTIONS_DECIDED,
  CASE_CLOSED,
  CASE_REOPENED,
  LEX_MARIA_FILED,
  COMPLAINT_RECEIVED,
  COMPLAINT_ANSWERED,
  /**
   * A case's only CaseReported, sent after the case's CaseClosed although its event time is the
   * report's: the job must hold the case's events until the report arrives.
   */
  REPORT_AFTER_CLOSE,
  /** A lifecycle event (CaseClosed or ActionsDecided) of a case that is never reported. */
  ORPHAN_EVENT,
  /** An extra CaseClosed of a reported case, with an event time before the case occurred. */
  IMPOSSIBLE_ORDER,
  /** A sporadic VRI case (InfectionCase), sent at its confirmation. */
  INFECTION_CASE,
  /**
   * A case of a seeded outbreak ({@link InfectionSimulator#outbreaks()}), sent at its confirmation.
   */
  OUTBREAK_CASE,
  /** One surveyed inpatient of a point-prevalence survey (PrevalenceSurveyRecord). */
  SURVEY_RECORD,
  /** An observation of hygiene and dress code with all 8 steps (HygieneObservation). */
  HYGIENE_OBSERVATION,
  /** A finding of MRSA, ESBL, VRE or another multi-resistant organism (MultiResistantFinding). */
  MULTI_RESISTANT_FINDING,
  /** An extra infection case on a unit code that is not in the region. */
  UNKNOWN_UNIT_CASE,
  /** A hygiene observation sent with one of its 8 steps missing, in place of the complete one. */
  HYGIENE_STEP_MISSING,
  /** A survey record registered a second time: same survey and patient, a new event id. */
  SURVEY_RECORD_REPEATED,
  /**
   * A unit's patient days of an ended local day as the census job publishes them on the indicators
   * topic ({@link PatientDayValues}), for running the infection job without the census job.
   */
  PATIENT_DAYS,
  /**
   * A stay event registered a second time in error, under another event id ({@link
   * CancelledStayEvents}).
   */
  IN_ERROR,
  /** The Retraction that cancels an event registered in error. */
  RETRACTION,
  /** An infection case's first report, without its organism, corrected by the next record. */
  FIRST_REPORT
}
