package se.sakervard.local.benchmark;

import java.time.Duration;
import java.time.Instant;

/** The simulated time a run's records cover: their event times lie from the start on. */
record SimulatedPeriod(Instant start, Duration duration) {

  /** {@code days} simulated days (fractions allowed) ending now. */
  static SimulatedPeriod endingNow(double days) {
    Duration duration = Duration.ofSeconds(Math.round(days * 86_400));
    return new SimulatedPeriod(Instant.now().minus(duration), duration);
  }

  /** The exclusive end. */
  Instant end() {
    return start.plus(duration);
  }
}
