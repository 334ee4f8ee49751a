package se.sakervard.local.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples used heap every 50 ms and keeps the peak since the last reset. The mini cluster runs in
 * this JVM, so the peak is the job's and the benchmark's together.
 */
final class HeapSampler {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicReference<Long> peak = new AtomicReference<>(0L);

  static HeapSampler start() {
    HeapSampler sampler = new HeapSampler();
    Thread thread =
        new Thread(
            () -> {
              while (true) {
                long used = sampler.current();
                sampler.peak.accumulateAndGet(used, Math::max);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
    return sampler;
  }

  long current() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  long peak() {
    return peak.get();
  }

  void reset() {
    peak.set(current());
  }
}
