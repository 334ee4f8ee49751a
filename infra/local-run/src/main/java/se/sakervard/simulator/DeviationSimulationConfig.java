package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What deviation reports to simulate: those of the units of {@link SimulatedRegion#generate(int,
 * long) the region} of {@code hospitals} hospitals and this seed, so they belong to the same units
 * as a {@link CensusSimulator} run with the same numbers. The same config always yields the same
 * records.
 *
 * @param hospitals number of hospitals; about 330 available beds each, so 60 is roughly national
 * @param seed seeds the region's structure, the cases and the faults
 * @param start the period begins here: cases reported from then on are simulated
 * @param duration the length of the period; only events inside it are sent
 * @param reportsPerBedYear reports per available bed and year; see {@link
 *     #DEFAULT_REPORTS_PER_BED_YEAR}
 * @param faults rates of duplicate, delayed and malformed records
 * @param deviationFaults rates of the faults peculiar to deviation cases
 */
public record DeviationSimulationConfig(
    int hospitals,
    long seed,
    Instant start,
    Duration duration,
    double reportsPerBedYear,
    FaultRates faults,
    DeviationFaultRates deviationFaults) {

  /**
   * A region's 2024 patient-safety report counted 14,615 deviation reports for about 270,000
   * inhabitants, 2.6% of Sweden; that share of the country's ~20,700 available beds is about 530
   * beds, so 14,615 / 530 ≈ 27.5 reports per available bed and year.
   */
  public static final double DEFAULT_REPORTS_PER_BED_YEAR = 27.5;

  public DeviationSimulationConfig {
    if (hospitals < 1) {
      throw new IllegalArgumentException("hospitals must be at least 1, was " + hospitals);
    }
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(deviationFaults, "deviationFaults");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    if (!(reportsPerBedYear >= 0 && reportsPerBedYear < 10_000)) {
      throw new IllegalArgumentException(
          "reportsPerBedYear must be within [0, 10000), was " + reportsPerBedYear);
    }
  }

  /** A config at the default {@link #DEFAULT_REPORTS_PER_BED_YEAR}. */
  public DeviationSimulationConfig(
      int hospitals,
      long seed,
      Instant start,
      Duration duration,
      FaultRates faults,
      DeviationFaultRates deviationFaults) {
    this(hospitals, seed, start, duration, DEFAULT_REPORTS_PER_BED_YEAR, faults, deviationFaults);
  }

  /** The exclusive end of the simulated period. */
  public Instant end() {
    return start.plus(duration);
  }
}
