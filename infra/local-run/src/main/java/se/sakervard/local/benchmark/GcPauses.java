package se.sakervard.local.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this JVM, where the mini cluster runs the jobs: how many, their time
 * and the longest, since the last reset. With the heap state backend the state lives among the
 * records in flight, so the collector's work and its pauses are part of the pipeline's cost: the
 * longest pause is a stop of every task at once.
 */
final class GcPauses {
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong totalMs = new AtomicLong();
  private final AtomicLong longestMs = new AtomicLong();
  private volatile String longestBy = "";

  static GcPauses start() {
    GcPauses pauses = new GcPauses();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (notification, handback) -> {
                if (notification
                    .getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  pauses.add(
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData()));
                }
              },
              null,
              null);
    }
    return pauses;
  }

  private void add(GarbageCollectionNotificationInfo info) {
    long ms = info.getGcInfo().getDuration();
    collections.incrementAndGet();
    totalMs.addAndGet(ms);
    if (ms > longestMs.get()) {
      longestMs.set(ms);
      longestBy = info.getGcName() + ", " + info.getGcCause();
    }
  }

  void reset() {
    collections.set(0);
    totalMs.set(0);
    longestMs.set(0);
    longestBy = "";
  }

  /** E.g. "412 collections (PS Scavenge, PS MarkSweep) took 23.4 s, the longest 850 ms (...)". */
  String summary() {
    StringBuilder names = new StringBuilder();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.append(names.length() == 0 ? "" : ", ").append(gc.getName());
    }
    return String.format(
        Locale.ROOT,
        "%,d collections (%s) took %.1f s, the longest %,d ms (%s)",
        collections.get(),
        names,
        totalMs.get() / 1000.0,
        longestMs.get(),
        longestBy);
  }
}
