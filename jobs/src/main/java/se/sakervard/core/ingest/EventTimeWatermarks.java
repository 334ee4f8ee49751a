package se.sakervard.core.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks that advance as events arrive, not on a processing-time tick:
 * whether an event counts as late then depends only on the events before it, so a replay classifies
 * every event the same way. Quiet inputs are marked idle so they do not stall event time.
 */
public final class EventTimeWatermarks {
  private EventTimeWatermarks() {}

  public static <T extends InputEvent> WatermarkStrategy<T> strategy(
      Duration maxOutOfOrderness, Duration idleTimeout) {
    long bound = maxOutOfOrderness.toMillis();
    WatermarkStrategy<T> strategy =
        WatermarkStrategy.<T>forGenerator(ctx -> new OnEvent<>(bound))
            .withTimestampAssigner((event, previous) -> event.eventTime());
    return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
  }

  private static final class OnEvent<T> implements WatermarkGenerator<T> {
    // Emitting a watermark per record costs; emit when it moved by at least a second.
    private static final long STEP_MS = 1_000;
    private final long bound;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    OnEvent(long bound) {
      this.bound = bound;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
      maxTimestamp = Math.max(maxTimestamp, timestamp);
      long candidate = maxTimestamp - bound - 1;
      if (emitted == Long.MIN_VALUE || candidate >= emitted + STEP_MS) {
        emitted = candidate;
        output.emitWatermark(new Watermark(candidate));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Nothing: a tick-driven watermark would make lateness depend on processing speed.
    }
  }
}
