package se.sakervard.core.ingest;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.PausableRelativeClock;
import org.apache.flink.streaming.runtime.operators.TimestampsAndWatermarksOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Bounded out-of-orderness watermarks that advance as events arrive, not on a processing-time tick:
 * whether an event counts as late then depends only on the events before it, so a replay classifies
 * every event the same way. Quiet inputs are marked idle so they do not stall event time.
 *
 * <p>{@link #assign} also carries event time across a restore. Flink checkpoints no watermark:
 * after a restart from a checkpoint every operator's event time starts again at the beginning of
 * time and a new generator starts from nothing, so until later events raised it again, an event far
 * too late to count was let in and counted, depending only on where the job happened to restart
 * (found by {@code KafkaRestartITCase}: a 16 h late admission counted after the broker came back).
 * The operator checkpoints its generator and, restored, emits the watermark it had reached before
 * any replayed record.
 */
public final class EventTimeWatermarks {
  private EventTimeWatermarks() {}

  /**
   * Timestamps and watermarks for {@code events}, restored with the job's checkpoints. Name, uid
   * and parallelism are the caller's to set.
   */
  public static <T extends InputEvent> SingleOutputStreamOperator<T> assign(
      DataStream<T> events, Duration maxOutOfOrderness, Duration idleTimeout) {
    return events.transform(
        "Event-time watermarks",
        events.getType(),
        new Operator<T>(maxOutOfOrderness.toMillis(), idleTimeout));
  }

  /**
   * The same watermarks as a strategy, for inputs where Flink's own operator is enough: it starts
   * from nothing after a restore.
   */
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

  /**
   * Flink's timestamps-and-watermarks operator (the same generator, idleness and emitter) with the
   * generator's state in operator state: one entry per subtask, each subtask getting its own back
   * when the parallelism is unchanged. After a rescale a subtask takes the lowest of the entries it
   * gets (none: it starts from nothing), so event time never jumps ahead of what it had reached.
   */
  static final class Operator<T extends InputEvent> extends AbstractStreamOperator<T>
      implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {
    private final long bound;
    private final Duration idleTimeout;
    private transient OnEvent<T> onEvent;
    private transient WatermarkGenerator<T> generator;
    private transient WatermarkOutput watermarks;
    private transient PausableRelativeClock inputActivity;
    private transient ListState<Tuple2<Long, Long>> checkpointed;
    private transient long interval;

    Operator(long bound, Duration idleTimeout) {
      this.bound = bound;
      this.idleTimeout = idleTimeout;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
      super.initializeState(context);
      checkpointed =
          context
              .getOperatorStateStore()
              .getListState(
                  new ListStateDescriptor<>("event-time", Types.TUPLE(Types.LONG, Types.LONG)));
      onEvent = new OnEvent<>(bound);
      boolean first = true;
      for (Tuple2<Long, Long> restored : checkpointed.get()) {
        onEvent.maxTimestamp = first ? restored.f0 : Math.min(onEvent.maxTimestamp, restored.f0);
        onEvent.emitted = first ? restored.f1 : Math.min(onEvent.emitted, restored.f1);
        first = false;
      }
    }

    @Override
    public void open() throws Exception {
      super.open();
      inputActivity = new PausableRelativeClock(getProcessingTimeService().getClock());
      getContainingTask()
          .getEnvironment()
          .getMetricGroup()
          .getIOMetricGroup()
          .registerBackPressureListener(inputActivity);
      generator =
          idleTimeout.isZero()
              ? onEvent
              : new WatermarksWithIdleness<>(onEvent, idleTimeout, inputActivity);
      watermarks = new TimestampsAndWatermarksOperator.WatermarkEmitter(output);
      if (onEvent.emitted != Long.MIN_VALUE) {
        // Before any replayed record: downstream event time is where it was at the checkpoint.
        watermarks.emitWatermark(new Watermark(onEvent.emitted));
      }
      interval = getExecutionConfig().getAutoWatermarkInterval();
      if (interval > 0) {
        getProcessingTimeService()
            .registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval, this);
      }
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
      long timestamp = element.getValue().eventTime();
      element.setTimestamp(timestamp);
      output.collect(element);
      generator.onEvent(element.getValue(), timestamp, watermarks);
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
      generator.onPeriodicEmit(watermarks);
      getProcessingTimeService()
          .registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval, this);
    }

    /** Upstream watermarks are ignored, except the end of input, as in Flink's operator. */
    @Override
    public void processWatermark(org.apache.flink.streaming.api.watermark.Watermark mark) {
      if (mark.getTimestamp() == Long.MAX_VALUE) {
        watermarks.emitWatermark(Watermark.MAX_WATERMARK);
      }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
      super.snapshotState(context);
      checkpointed.update(List.of(Tuple2.of(onEvent.maxTimestamp, onEvent.emitted)));
    }

    @Override
    public void finish() throws Exception {
      super.finish();
      generator.onPeriodicEmit(watermarks);
    }

    @Override
    public void close() throws Exception {
      if (inputActivity != null) {
        getContainingTask()
            .getEnvironment()
            .getMetricGroup()
            .getIOMetricGroup()
            .unregisterBackPressureListener(inputActivity);
      }
      super.close();
    }
  }
}
