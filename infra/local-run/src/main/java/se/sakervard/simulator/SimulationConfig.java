package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to simulate: a region of {@code hospitals} hospitals from {@code start} for {@code
 * duration}, with the given fault rates. The same config always yields the same records.
 *
 * @param hospitals number of hospitals; about 330 available beds each, so 60 is roughly national
 * @param seed seeds the region's structure, the patient flow and the faults
 * @param start event time of the first records (the initial census); may be {@code Instant.now()}
 * @param duration simulated time after {@code start}
 * @param faults rates of duplicate, delayed and malformed records
 */
public record SimulationConfig(
    int hospitals, long seed, Instant start, Duration duration, FaultRates faults) {

  public SimulationConfig {
    if (hospitals < 1) {
      throw new IllegalArgumentException("hospitals must be at least 1, was " + hospitals);
    }
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(faults, "faults");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
  }

  /** The exclusive end of the simulated period. */
  public Instant end() {
    return start.plus(duration);
  }
}
