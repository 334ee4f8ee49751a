package se.sakervard.core.ingest;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Bounded out-of-orderness watermarks that advance as events arrive, not on a processing-time tick:
 * whether an event counts as late then depends only on the events before it, so a replay classifies
 * every event the same way. Quiet inputs are marked idle so they do not stall event time.
 *
 * <p>A job's input takes them through {@link #assign}, which keeps their progress in the job's
 * state, so that a job restored from a savepoint or checkpoint goes on from the event time it had
 * ({@link EventTimeAssigner}); unlike Flink's watermark operator, which starts from no event time
 * whenever the job starts.
 */
public final class EventTimeWatermarks {
  private EventTimeWatermarks() {}

  /**
   * Timestamps {@code events} with their event time and adds the watermarks, named "Event-time
   * watermarks"; the caller gives the operator its uid, which its state is restored by.
   */
  public static <T extends InputEvent> SingleOutputStreamOperator<T> assign(
      DataStream<T> events,
      TypeInformation<T> type,
      Duration maxOutOfOrderness,
      Duration idleTimeout) {
    return assign(events, type, maxOutOfOrderness, idleTimeout, null);
  }

  /**
   * The same, for an input whose time ends at {@code endOfInput} (a bounded run or a backfill;
   * null: unknown): when the input is exhausted, event time moves to that instant before the end,
   * so every period ending by then closes.
   */
  public static <T extends InputEvent> SingleOutputStreamOperator<T> assign(
      DataStream<T> events,
      TypeInformation<T> type,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      Instant endOfInput) {
    return assign(
        events, type, InputEvent::eventTime, maxOutOfOrderness, idleTimeout, endOfInput, "");
  }

  /**
   * The same for events of any type, {@code eventTime} giving each its event time (epoch
   * milliseconds); the operator is named "Event-time watermarks" followed by {@code what}.
   */
  public static <T> SingleOutputStreamOperator<T> assign(
      DataStream<T> events,
      TypeInformation<T> type,
      SerializableFunction<T, Long> eventTime,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      Instant endOfInput,
      String what) {
    return events.transform(
        what.isEmpty() ? "Event-time watermarks" : "Event-time watermarks of " + what,
        type,
        assigner(eventTime, maxOutOfOrderness, idleTimeout, endOfInput));
  }

  /** The operator {@link #assign} adds, for a graph that adds it itself. */
  public static <T> EventTimeAssigner<T> assigner(
      SerializableFunction<T, Long> eventTime,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      Instant endOfInput) {
    return new EventTimeAssigner<>(
        eventTime,
        maxOutOfOrderness.toMillis(),
        idleTimeout,
        endOfInput == null ? Long.MIN_VALUE : endOfInput.toEpochMilli());
  }

  /** The generator; its progress is the newest event time seen and the last watermark emitted. */
  static final class OnEvent<T> implements WatermarkGenerator<T> {
    // Emitting a watermark per record costs; emit when it moved by at least a second.
    private static final long STEP_MS = 1_000;
    private final long bound;
    private long maxTimestamp;
    private long emitted;

    OnEvent(long bound) {
      this(bound, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /** Goes on from a progress that {@link #maxTimestamp} and {@link #emitted} returned. */
    OnEvent(long bound, long maxTimestamp, long emitted) {
      this.bound = bound;
      this.maxTimestamp = maxTimestamp;
      this.emitted = emitted;
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

    long maxTimestamp() {
      return maxTimestamp;
    }

    long emitted() {
      return emitted;
    }
  }
}
