package se.sakervard.simulator;

/**
 * What a {@link SimulatedRecord} carries, for counting what was sent.
 *
 * <p>Census records ({@link CensusSimulator}) come first. Deviation records ({@link
 * DeviationSimulator}) have one kind per change of a case, so a benchmark can count reports, closes
 * or lex Maria filings without decoding; a reclassification is a second {@link #CASE_CLASSIFIED}.
 * The deviation faults ({@link DeviationFaultRates}) have kinds of their own instead of the change
 * they carry. {@link #DUPLICATE} and {@link #MALFORMED} are faults of either stream.
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
  IMPOSSIBLE_ORDER
}
