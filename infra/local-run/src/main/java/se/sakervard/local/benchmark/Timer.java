package se.sakervard.local.benchmark;

/** True at most once per interval. */
final class Timer {
  private final long intervalNanos;
  private long next;

  Timer(long intervalMillis) {
    this.intervalNanos = intervalMillis * 1_000_000;
    this.next = System.nanoTime() + intervalNanos;
  }

  boolean due() {
    long now = System.nanoTime();
    if (now - next < 0) {
      return false;
    }
    next = now + intervalNanos;
    return true;
  }
}
