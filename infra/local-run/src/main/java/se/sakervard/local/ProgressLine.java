package se.sakervard.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import se.sakervard.simulator.KafkaFeeder;

/** The one-line progress report of a long step: how many, how fast, how far, how long left. */
public final class ProgressLine {
  private ProgressLine() {}

  /**
   * @param count items done so far
   * @param unit what the items are, e.g. "records sent"
   * @param done fraction of the whole step done, 0 to 1
   * @param elapsed wall-clock time the step has taken so far
   */
  public static String of(long count, String unit, double done, Duration elapsed) {
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    String left =
        done >= 1
            ? "done"
            : done > 0.01
                ? "about " + Math.round(seconds * (1 - done) / done) + " s left"
                : "estimating time left";
    return String.format(
        Locale.ROOT,
        "%,d %s (%,.0f/s) | %3.0f%% | %s",
        count,
        unit,
        count / seconds,
        100 * Math.min(1, done),
        left);
  }

  /** A simulation's feed: records sent, how far through the simulated period it has got. */
  public static String ofFeed(
      KafkaFeeder.Progress p, Instant start, Duration duration, boolean finished) {
    double done =
        finished || p.simulatedTime() == null
            ? (finished ? 1 : 0)
            : (double) Duration.between(start, p.simulatedTime()).toMillis() / duration.toMillis();
    return of(p.recordsSent(), "records sent", done, p.elapsed());
  }
}
