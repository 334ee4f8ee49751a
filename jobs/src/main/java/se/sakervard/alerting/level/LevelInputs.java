package se.sakervard.alerting.level;

/**
 * A place's (unit's or hospital's) current inputs to the here-and-now level. A value that is not
 * known is null, never zero: a unit whose available beds are not known has no rate
 * (docs/indicators.md, the conventions), and a zero would claim all is well.
 *
 * @param occupancy percent of available beds occupied
 * @param overcrowding overcrowded patients per 100 available beds
 * @param outlying outlying patients per 100 available beds
 * @param seriousCareInjuries7Days cases classified as allvarlig vårdskada in the last 7 days
 * @param activeClusters open infection clusters
 * @param hygieneCompliance percent of hygiene observations correct on all steps
 * @param hygieneObservations how many observations {@code hygieneCompliance} rests on (0 if none)
 * @param hygieneAgeMs how far {@code hygieneCompliance}'s as-of lies behind the level's (0 if none)
 */
public record LevelInputs(
    Double occupancy,
    Double overcrowding,
    Double outlying,
    Integer seriousCareInjuries7Days,
    Integer activeClusters,
    Double hygieneCompliance,
    int hygieneObservations,
    long hygieneAgeMs) {

  /** Inputs whose hygiene compliance, if any, is as fresh as the level. */
  public LevelInputs(
      Double occupancy,
      Double overcrowding,
      Double outlying,
      Integer seriousCareInjuries7Days,
      Integer activeClusters,
      Double hygieneCompliance,
      int hygieneObservations) {
    this(
        occupancy,
        overcrowding,
        outlying,
        seriousCareInjuries7Days,
        activeClusters,
        hygieneCompliance,
        hygieneObservations,
        0);
  }

  /**
   * Rejects what no correct upstream produces: a negative or non-finite value (an undefined rate is
   * null, not NaN or infinity), a compliance outside 0-100, or a compliance without observations.
   */
  public LevelInputs {
    for (LevelInput input : LevelInput.values()) {
      Double v =
          valueOf(
              input,
              occupancy,
              overcrowding,
              outlying,
              seriousCareInjuries7Days,
              activeClusters,
              hygieneCompliance);
      if (v != null && (!Double.isFinite(v) || v < 0)) {
        throw new IllegalArgumentException(
            input.label() + " must be a finite number ≥ 0, or null when unknown; was " + v);
      }
    }
    if (hygieneCompliance != null && hygieneCompliance > 100) {
      throw new IllegalArgumentException(
          "hygiene compliance is a percentage, at most 100; was " + hygieneCompliance);
    }
    if (hygieneObservations < 0 || (hygieneCompliance != null && hygieneObservations == 0)) {
      throw new IllegalArgumentException(
          "a hygiene compliance needs its number of observations (≥ 1); was "
              + hygieneObservations);
    }
  }

  /** All inputs unknown: a place nothing has been heard from yet. */
  public static LevelInputs unknown() {
    return new LevelInputs(null, null, null, null, null, null, 0);
  }

  /** The value of one input, or null when it is not known. */
  public Double value(LevelInput input) {
    return valueOf(
        input,
        occupancy,
        overcrowding,
        outlying,
        seriousCareInjuries7Days,
        activeClusters,
        hygieneCompliance);
  }

  private static Double valueOf(
      LevelInput input,
      Double occupancy,
      Double overcrowding,
      Double outlying,
      Integer seriousCareInjuries7Days,
      Integer activeClusters,
      Double hygieneCompliance) {
    return switch (input) {
      case OCCUPANCY -> occupancy;
      case OVERCROWDING -> overcrowding;
      case OUTLYING -> outlying;
      case SERIOUS_CARE_INJURIES_7_DAYS ->
          seriousCareInjuries7Days == null ? null : seriousCareInjuries7Days.doubleValue();
      case ACTIVE_CLUSTERS -> activeClusters == null ? null : activeClusters.doubleValue();
      case HYGIENE_COMPLIANCE -> hygieneCompliance;
    };
  }
}
