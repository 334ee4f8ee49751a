package se.sakervard.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * Sink batch meters. The JDBC connector builds its connections where no operator metric group is at
 * hand, so these meters live in one registry per JVM (per TaskManager) and are published into Flink
 * by the {@link EventLatencyProbe} in front of each sink.
 */
public final class SinkMeters {
  private static final MeterRegistry REGISTRY = new SimpleMeterRegistry();

  private SinkMeters() {}

  public static MeterRegistry registry() {
    return REGISTRY;
  }

  public static void batchWritten(String table, int rows, long nanos) {
    Timer.builder("sakervard.sink.batch")
        .tag("table", table)
        .publishPercentiles(0.5, 0.99)
        .register(REGISTRY)
        .record(nanos, TimeUnit.NANOSECONDS);
    REGISTRY.counter("sakervard.sink.rows", "table", table).increment(rows);
    // Registered with the first batch, so a dashboard shows 0 failures rather than no data.
    REGISTRY.counter("sakervard.sink.batch.failures", "table", table);
  }

  public static void batchFailed(String table) {
    REGISTRY.counter("sakervard.sink.batch.failures", "table", table).increment();
  }
}
