package se.sakervard.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.infections.HygieneObservation;
import se.sakervard.schemas.infections.HygieneStep;
import se.sakervard.schemas.infections.HygieneStepResult;
import se.sakervard.schemas.infections.InfectionCase;
import se.sakervard.schemas.infections.InfectionObservation;
import se.sakervard.schemas.infections.InfectionType;
import se.sakervard.schemas.infections.MultiResistantFinding;
import se.sakervard.schemas.infections.MultiResistantOrganism;
import se.sakervard.schemas.infections.PrevalenceSurveyRecord;

/**
 * Builds the Avro infection observations, each with its own event id. Each kind of observation
 * comes from its own source system, as in a region where cases are registered in an infection
 * surveillance tool, surveys and hygiene observations in the national PPM tools, and resistant
 * findings come from the laboratory.
 *
 * <p>Ids are drawn when an observation is planned, from one counter for the valid observations and
 * another for the extra ones the infection faults add, so the valid observations are byte for byte
 * the same whatever the fault rates.
 */
final class InfectionEventFactory {
  static final String CASE_SOURCE = "sim-infection-surveillance";
  static final String SURVEY_SOURCE = "sim-ppm-vri";
  static final String HYGIENE_SOURCE = "sim-ppm-bhk";
  static final String LABORATORY_SOURCE = "sim-microbiology-lab";

  private static final HygieneStep[] STEPS = HygieneStep.values();

  private final String regionCode;
  private final String idPrefix;
  private long validCount;
  private long extraCount;

  /**
   * @param runSalt distinguishes runs: the pipeline drops repeated event ids, so a run with another
   *     seed or start must never reuse one
   */
  InfectionEventFactory(String regionCode, long runSalt) {
    this.regionCode = regionCode;
    this.idPrefix = Pseudonyms.format('E', new SplittableRandom(runSalt).nextLong()) + "-";
  }

  InfectionObservation infectionCase(
      long time,
      String hospitalCode,
      String unitCode,
      boolean extra,
      String caseRef,
      String patientRef,
      long onset,
      InfectionType type,
      String organism) {
    return new InfectionObservation(
        envelope(time, CASE_SOURCE, hospitalCode, unitCode, extra),
        new InfectionCase(caseRef, patientRef, Instant.ofEpochMilli(onset), type, organism, 0));
  }

  InfectionObservation surveyRecord(
      long time,
      SimulatedUnit unit,
      boolean extra,
      String surveyId,
      String patientRef,
      List<InfectionType> types) {
    return new InfectionObservation(
        envelope(time, SURVEY_SOURCE, unit.hospitalCode(), unit.code(), extra),
        new PrevalenceSurveyRecord(surveyId, patientRef, types));
  }

  /**
   * @param correct each step's result in {@link HygieneStep} order
   * @param missing the step left out, or -1 to send all 8
   */
  InfectionObservation hygieneObservation(
      long time, SimulatedUnit unit, String observationRef, boolean[] correct, int missing) {
    List<HygieneStepResult> steps = new ArrayList<>(STEPS.length);
    for (int i = 0; i < STEPS.length; i++) {
      if (i != missing) {
        steps.add(new HygieneStepResult(STEPS[i], correct[i]));
      }
    }
    return new InfectionObservation(
        envelope(time, HYGIENE_SOURCE, unit.hospitalCode(), unit.code(), false),
        new HygieneObservation(observationRef, steps));
  }

  InfectionObservation finding(
      long time,
      SimulatedUnit unit,
      String findingRef,
      String patientRef,
      MultiResistantOrganism organism) {
    return new InfectionObservation(
        envelope(time, LABORATORY_SOURCE, unit.hospitalCode(), unit.code(), false),
        new MultiResistantFinding(findingRef, patientRef, organism));
  }

  private Envelope envelope(
      long time, String sourceSystem, String hospitalCode, String unitCode, boolean extra) {
    // Hex counters, the extra ones after an 'x' that no hex digit is: eight hex digits at most
    // before four billion events, so an id never holds the ten digits in a row of a personal
    // identity number.
    String id =
        extra
            ? idPrefix + "x" + Long.toHexString(extraCount++)
            : idPrefix + Long.toHexString(validCount++);
    return new Envelope(
        id, Instant.ofEpochMilli(time), sourceSystem, regionCode, hospitalCode, unitCode, null);
  }
}
