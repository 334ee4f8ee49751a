package se.sakervard.simulator;

/**
 * Probabilities of the faults peculiar to infection observations, which a job must recognise rather
 * than count. They come on top of the per-record {@link FaultRates}, and each has its own {@link
 * RecordKind} so tests and benchmarks can count them. The valid records are the same whatever these
 * rates, but for the hygiene observations that lose a step.
 *
 * @param unknownUnit per infection case sent (sporadic or outbreak): an extra case, with its own
 *     caseRef, on a unit code of the case's hospital that is not in the region (units 90-99), sent
 *     at most an hour after the case ({@link RecordKind#UNKNOWN_UNIT_CASE}), as when a unit is new
 *     in the surveillance system but not yet in the reference data
 * @param missingStep per hygiene observation: it is sent with 7 of its 8 steps, one at random left
 *     out ({@link RecordKind#HYGIENE_STEP_MISSING}), in place of the complete observation
 * @param surveyRecordTwice per survey record: it is registered a second time, 5 minutes to 3 hours
 *     later, with a new event id but the same survey, patient and infection types ({@link
 *     RecordKind#SURVEY_RECORD_REPEATED}); dropped when that falls after the period
 */
public record InfectionFaultRates(
    double unknownUnit, double missingStep, double surveyRecordTwice) {

  public InfectionFaultRates {
    requireProbability("unknownUnit", unknownUnit);
    requireProbability("missingStep", missingStep);
    requireProbability("surveyRecordTwice", surveyRecordTwice);
  }

  /** No faults: every case on a known unit, every observation complete, every patient once. */
  public static InfectionFaultRates none() {
    return new InfectionFaultRates(0, 0, 0);
  }

  /**
   * 0.2% of cases with an unknown-unit twin, 0.5% of observations missing a step, 0.3% of survey
   * records registered twice (our choice: rare, as in a working integration, but a national year
   * still has about a hundred of each).
   */
  public static InfectionFaultRates typical() {
    return new InfectionFaultRates(0.002, 0.005, 0.003);
  }

  private static void requireProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + p);
    }
  }
}
