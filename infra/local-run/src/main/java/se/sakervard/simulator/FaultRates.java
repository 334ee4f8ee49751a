package se.sakervard.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-record probabilities of the faults a real source shows, so the pipeline's handling of them
 * can be exercised.
 *
 * @param duplicate the record is sent a second time (same bytes, same event id) shortly after
 * @param outOfOrder the record is sent 1-20 simulated minutes after its event time, within a
 *     typical watermark bound
 * @param late the record is sent {@code lateDelay} after its event time, beyond any watermark
 * @param lateDelay how late a late record is sent
 * @param malformed an extra undecodable record derived from this one (random bytes, a truncated
 *     encoding, or a corrupted schema fingerprint) is sent next to it; the valid record is still
 *     sent, so the census stays complete
 */
public record FaultRates(
    double duplicate, double outOfOrder, double late, Duration lateDelay, double malformed) {

  private static final Duration DEFAULT_LATE_DELAY = Duration.ofHours(6);

  public FaultRates {
    requireProbability("duplicate", duplicate);
    requireProbability("outOfOrder", outOfOrder);
    requireProbability("late", late);
    requireProbability("malformed", malformed);
    if (outOfOrder + late > 1) {
      throw new IllegalArgumentException("outOfOrder + late must not exceed 1");
    }
    Objects.requireNonNull(lateDelay, "lateDelay");
    if (lateDelay.isNegative() || lateDelay.isZero()) {
      throw new IllegalArgumentException("lateDelay must be positive, was " + lateDelay);
    }
  }

  /** No faults: every record once, sent at its event time. */
  public static FaultRates none() {
    return new FaultRates(0, 0, 0, DEFAULT_LATE_DELAY, 0);
  }

  /** 0.5% duplicates, 1% out of order, 0.05% six hours late, 0.05% malformed. */
  public static FaultRates typical() {
    return new FaultRates(0.005, 0.01, 0.0005, DEFAULT_LATE_DELAY, 0.0005);
  }

  public FaultRates withLateDelay(Duration delay) {
    return new FaultRates(duplicate, outOfOrder, late, delay, malformed);
  }

  private static void requireProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + p);
    }
  }
}
