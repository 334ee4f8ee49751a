package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pacing and progress of one feed: each record goes out at its simulated send instant scaled by
 * a speed factor against the wall clock ({@link Double#POSITIVE_INFINITY}: at once), and the
 * progress is reported about once a second.
 */
public final class FeedPacer {
  private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final double speed;
  private final Consumer<KafkaFeeder.Progress> progress;
  private final long wallStart = System.nanoTime();
  private long nextReport = wallStart + REPORT_INTERVAL_NANOS;
  private Instant simulatedStart;
  private Instant simulatedTime;
  private long sent;

  /** Records sent so far. */
  public long sent() {
    return sent;
  }

  public FeedPacer(double speed, Instant simulatedStart, Consumer<KafkaFeeder.Progress> progress) {
    this.speed = speed;
    this.simulatedStart = simulatedStart;
    this.simulatedTime = simulatedStart;
    this.progress = progress;
  }

  /** Sleeps until the wall-clock instant that corresponds to {@code sendAt}, reporting on. */
  public void waitForTurn(Instant sendAt) throws InterruptedException {
    if (simulatedStart == null) {
      simulatedStart = sendAt;
    }
    if (speed == Double.POSITIVE_INFINITY) {
      return;
    }
    long due = wallStart + (long) (Duration.between(simulatedStart, sendAt).toNanos() / speed);
    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(Math.min(wait, Math.max(0, nextReport - System.nanoTime())));
      reportIfDue();
    }
  }

  public void sent(Instant sendAt) {
    sent++;
    simulatedTime = sendAt;
    reportIfDue();
  }

  void reportIfDue() {
    long now = System.nanoTime();
    if (now - nextReport >= 0) {
      report();
      nextReport = now + REPORT_INTERVAL_NANOS;
    }
  }

  public void report() {
    progress.accept(
        new KafkaFeeder.Progress(
            sent, simulatedTime, Duration.ofNanos(System.nanoTime() - wallStart)));
  }
}
