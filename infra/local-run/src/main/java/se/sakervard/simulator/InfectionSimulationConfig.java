package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What infection observations to simulate: those of the units of {@link
 * SimulatedRegion#generate(int, long) the region} of {@code hospitals} hospitals and this seed, so
 * they belong to the same units as a {@link CensusSimulator} or {@link DeviationSimulator} run with
 * the same numbers. The same config always yields the same records.
 *
 * <p>For example, a national year with the typical faults: {@code new InfectionSimulationConfig(60,
 * 1, Instant.parse("2025-01-01T00:00:00Z"), Duration.ofDays(365), FaultRates.typical(),
 * InfectionFaultRates.typical())}.
 *
 * @param hospitals number of hospitals; about 330 available beds each, so 60 is roughly national
 * @param seed seeds the region's structure, the observations and the faults
 * @param start the period begins here: cases with their onset from then on are sent
 * @param duration the length of the period; only records with their event time inside it are sent
 * @param faults rates of duplicate, delayed and malformed records
 * @param infectionFaults rates of the faults peculiar to infection observations
 * @param outbreaksPerHospitalYear seeded outbreaks per hospital and year; see {@link
 *     #DEFAULT_OUTBREAKS_PER_HOSPITAL_YEAR}
 */
public record InfectionSimulationConfig(
    int hospitals,
    long seed,
    Instant start,
    Duration duration,
    FaultRates faults,
    InfectionFaultRates infectionFaults,
    double outbreaksPerHospitalYear) {

  /**
   * Two outbreaks a year in a hospital of about 330 beds (our choice): mostly norovirus in winter,
   * some C. difficile, influenza, SARS-CoV-2 and resistant bacteria; a national year has about 120.
   */
  public static final double DEFAULT_OUTBREAKS_PER_HOSPITAL_YEAR = 2.0;

  public InfectionSimulationConfig {
    if (hospitals < 1) {
      throw new IllegalArgumentException("hospitals must be at least 1, was " + hospitals);
    }
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(infectionFaults, "infectionFaults");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    if (!(outbreaksPerHospitalYear >= 0 && outbreaksPerHospitalYear < 1000)) {
      throw new IllegalArgumentException(
          "outbreaksPerHospitalYear must be within [0, 1000), was " + outbreaksPerHospitalYear);
    }
  }

  /** A config at the default {@link #DEFAULT_OUTBREAKS_PER_HOSPITAL_YEAR}. */
  public InfectionSimulationConfig(
      int hospitals,
      long seed,
      Instant start,
      Duration duration,
      FaultRates faults,
      InfectionFaultRates infectionFaults) {
    this(
        hospitals,
        seed,
        start,
        duration,
        faults,
        infectionFaults,
        DEFAULT_OUTBREAKS_PER_HOSPITAL_YEAR);
  }

  /** The exclusive end of the simulated period. */
  public Instant end() {
    return start.plus(duration);
  }
}
