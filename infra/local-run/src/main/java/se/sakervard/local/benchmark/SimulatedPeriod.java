package se.sakervard.local.benchmark;

import java.time.Duration;
import java.time.Instant;

/** The simulated time a run's records cover: their event times lie from the start on. */
record SimulatedPeriod(Instant start, Duration duration) {

  /**
   * {@code days} simulated days (fractions allowed) ending at the start of the current UTC hour:
   * runs of the same options within one hour are sent the same records, so their figures compare
   * row for row (a run ending a few minutes later than another would shift every local day's
   * boundary against its events).
   */
  static SimulatedPeriod endingNow(double days) {
    Duration duration = Duration.ofSeconds(Math.round(days * 86_400));
    Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    return new SimulatedPeriod(end.minus(duration), duration);
  }

  /** The exclusive end. */
  Instant end() {
    return start.plus(duration);
  }
}
