package se.sakervard.simulator;

/** A change in a deviation case's life, and the {@link RecordKind} of its record when valid. */
enum CaseStep {
  REPORTED(RecordKind.CASE_REPORTED),
  CLASSIFIED(RecordKind.CASE_CLASSIFIED),
  /** A second classification with a changed consequence. */
  RECLASSIFIED(RecordKind.CASE_CLASSIFIED),
  INVESTIGATION_STARTED(RecordKind.INVESTIGATION_STARTED),
  ACTIONS_DECIDED(RecordKind.ACTIONS_DECIDED),
  CLOSED(RecordKind.CASE_CLOSED),
  REOPENED(RecordKind.CASE_REOPENED),
  LEX_MARIA_FILED(RecordKind.LEX_MARIA_FILED),
  COMPLAINT_RECEIVED(RecordKind.COMPLAINT_RECEIVED),
  COMPLAINT_ANSWERED(RecordKind.COMPLAINT_ANSWERED);

  final RecordKind kind;

  CaseStep(RecordKind kind) {
    this.kind = kind;
  }
}
