package se.sakervard.infections;

import se.sakervard.core.source.SourceRecord;

/**
 * Decoded infection case records, withdrawals and survey records for the tests, all of region R1,
 * hospital R1-H1.
 */
final class CaseInputs {
  private CaseInputs() {}

  /**
   * A case record confirmed (its event time) at {@code confirmed}.
   *
   * @param organism null when not known
   */
  static InfectionInput infectionCase(
      String id,
      long confirmed,
      String unit,
      String caseRef,
      long onset,
      String type,
      String organism,
      int revision) {
    return new InfectionInput(
        id,
        confirmed,
        "R1",
        "R1-H1",
        unit,
        InfectionInput.Kind.CASE,
        caseRef,
        null,
        onset,
        type,
        organism,
        null,
        null,
        null,
        revision,
        origin());
  }

  /** The withdrawal of case {@code caseRef}, made at {@code at}. */
  static InfectionInput withdrawal(String id, long at, String unit, String caseRef) {
    return new InfectionInput(
        id,
        at,
        "R1",
        "R1-H1",
        unit,
        InfectionInput.Kind.CASE_RETRACTION,
        caseRef,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        origin());
  }

  /** Patient {@code patient} of survey {@code survey} on {@code unit}, recorded at {@code at}. */
  static InfectionInput surveyRecord(
      String id, long at, String unit, String survey, String patient, boolean infected) {
    return new InfectionInput(
        id,
        at,
        "R1",
        "R1-H1",
        unit,
        InfectionInput.Kind.SURVEY_RECORD,
        survey,
        patient,
        null,
        null,
        null,
        infected,
        null,
        null,
        0,
        origin());
  }

  private static SourceRecord origin() {
    return new SourceRecord("infection-observations", 0, 0, new byte[0]);
  }
}
