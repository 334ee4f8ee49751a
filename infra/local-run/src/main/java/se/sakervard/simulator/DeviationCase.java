package se.sakervard.simulator;

import se.sakervard.schemas.deviations.DeviationCategory;
import se.sakervard.schemas.deviations.DeviationType;

/**
 * A deviation case (avvikelseärende) as reported and classified. The first classification agrees
 * with the report; a later reclassification changes only the consequence.
 */
final class DeviationCase {
  final String ref;
  final SimulatedUnit unit;
  final long occurred;
  final DeviationCategory category;
  final DeviationType type;
  final int consequence;
  final int likelihood;

  /** Pseudonymous, or null when the report names no patient. */
  final String patientRef;

  final boolean serious;
  final boolean eventAnalysis;
  int reclassifiedConsequence;

  DeviationCase(
      String ref,
      SimulatedUnit unit,
      long occurred,
      DeviationCategory category,
      DeviationType type,
      int consequence,
      int likelihood,
      String patientRef,
      boolean serious) {
    this.ref = ref;
    this.unit = unit;
    this.occurred = occurred;
    this.category = category;
    this.type = type;
    this.consequence = consequence;
    this.likelihood = likelihood;
    this.patientRef = patientRef;
    this.serious = serious;
    this.eventAnalysis = DeviationFlow.needsEventAnalysis(consequence, likelihood);
    this.reclassifiedConsequence = consequence;
  }

  /** A case that exists only in an orphan event: nothing is known of it but its unit. */
  static DeviationCase orphan(String ref, SimulatedUnit unit) {
    return new DeviationCase(
        ref,
        unit,
        Long.MIN_VALUE,
        DeviationCategory.OTHER,
        DeviationType.NEAR_MISS,
        1,
        1,
        null,
        false);
  }
}
