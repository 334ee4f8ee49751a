package se.sakervard.core.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.PausableRelativeClock;
import org.apache.flink.streaming.runtime.operators.TimestampsAndWatermarksOperator.WatermarkEmitter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Gives each event its event time and emits the {@link EventTimeWatermarks} watermarks, as Flink's
 * own assigner does, but keeps the watermarks' progress in the job's state.
 *
 * <p>Why: Flink does not checkpoint watermarks. Restored from a savepoint or checkpoint, a job's
 * assigner starts again from no event time at all, so until new events move it, the operators after
 * it see no watermark: an event that was too late before the stop is admitted after it and counted
 * (found by {@code SavepointResumeITCase}: an admission 16 h behind event time, the first record
 * after a resume, added a patient to every figure from then on). Restored here, the job goes on
 * from the event time it had and classifies every event as a run without the stop does.
 *
 * <p>State: per subtask the newest event time seen and the watermark emitted (union list state). At
 * the same parallelism each subtask takes its own (a topic's partitions go to the same subtasks);
 * at another, every subtask takes the least advanced, which is as far as the operators after them
 * had got. The restored watermark goes out again before the first event after the restore.
 * Watermarks from upstream are ignored but for the end of input; a subtask without events for the
 * idle timeout is marked idle, all as in Flink's {@code TimestampsAndWatermarksOperator}.
 */
public final class EventTimeAssigner<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {
  /** A subtask's progress as kept in state. */
  public record Progress(int subtask, long maxTimestamp, long watermark) {}

  private static final long serialVersionUID = 1L;

  private final SerializableFunction<T, Long> eventTime;
  private final long bound;
  private final Duration idleTimeout;
  private final long endOfInput;
  private transient ListState<Progress> progress;
  private transient Progress restored;
  private transient EventTimeWatermarks.OnEvent<T> onEvent;
  private transient WatermarkGenerator<T> generator;
  private transient WatermarkEmitter watermarks;
  private transient PausableRelativeClock inputActivityClock;
  private transient long watermarkInterval;
  private transient boolean restoredWatermarkPending;

  EventTimeAssigner(SerializableFunction<T, Long> eventTime, long bound, Duration idleTimeout) {
    this(eventTime, bound, idleTimeout, Long.MIN_VALUE);
  }

  /**
   * @param eventTime an event's event time, epoch milliseconds
   * @param endOfInput where the input's time ends (a bounded run, a backfill): at the end of input
   *     the watermark moves there before it ends; {@code Long.MIN_VALUE} when unknown
   */
  EventTimeAssigner(
      SerializableFunction<T, Long> eventTime, long bound, Duration idleTimeout, long endOfInput) {
    this.eventTime = eventTime;
    this.bound = bound;
    this.idleTimeout = idleTimeout;
    this.endOfInput = endOfInput;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    progress =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "event-time-progress", TypeInformation.of(Progress.class)));
    if (context.isRestored()) {
      List<Progress> all = new ArrayList<>();
      progress.get().forEach(all::add);
      restored =
          choose(
              all,
              getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
              getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }
  }

  /** A subtask's own progress at the same parallelism, else the least advanced; null if none. */
  static Progress choose(List<Progress> all, int subtask, int parallelism) {
    if (all.size() == parallelism) {
      for (Progress p : all) {
        if (p.subtask() == subtask) {
          return p;
        }
      }
    }
    return all.stream().min(Comparator.comparingLong(Progress::watermark)).orElse(null);
  }

  @Override
  public void open() throws Exception {
    super.open();
    inputActivityClock = new PausableRelativeClock(getProcessingTimeService().getClock());
    getContainingTask()
        .getEnvironment()
        .getMetricGroup()
        .getIOMetricGroup()
        .registerBackPressureListener(inputActivityClock);
    onEvent =
        restored == null
            ? new EventTimeWatermarks.OnEvent<>(bound)
            : new EventTimeWatermarks.OnEvent<>(
                bound, restored.maxTimestamp(), restored.watermark());
    restoredWatermarkPending = restored != null && restored.watermark() != Long.MIN_VALUE;
    generator =
        idleTimeout.isZero()
            ? onEvent
            : new WatermarksWithIdleness<>(onEvent, idleTimeout, inputActivityClock);
    watermarks = new WatermarkEmitter(output);
    watermarkInterval = getExecutionConfig().getAutoWatermarkInterval();
    if (watermarkInterval > 0) {
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + watermarkInterval, this);
    }
  }

  @Override
  public void close() throws Exception {
    getContainingTask()
        .getEnvironment()
        .getMetricGroup()
        .getIOMetricGroup()
        .unregisterBackPressureListener(inputActivityClock);
    super.close();
  }

  @Override
  public void processElement(StreamRecord<T> element) throws Exception {
    if (restoredWatermarkPending) {
      // The operators after this one start from no event time too: tell them where it stood.
      restoredWatermarkPending = false;
      watermarks.emitWatermark(new Watermark(restored.watermark()));
    }
    T event = element.getValue();
    long timestamp = eventTime.apply(event);
    element.setTimestamp(timestamp);
    output.collect(element);
    generator.onEvent(event, timestamp, watermarks);
  }

  @Override
  public void onProcessingTime(long time) throws Exception {
    generator.onPeriodicEmit(watermarks);
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now + watermarkInterval, this);
  }

  @Override
  public void processWatermark(org.apache.flink.streaming.api.watermark.Watermark mark) {
    // Only the end of input counts; event time is this operator's to decide.
    if (mark.getTimestamp() == Long.MAX_VALUE) {
      if (endOfInput != Long.MIN_VALUE && endOfInput > onEvent.emitted()) {
        // Time ends where the run was told it does: the operators close every period up to it
        // on an ordinary watermark, which the end of input (MAX) does not do.
        watermarks.emitWatermark(new Watermark(endOfInput));
      }
      watermarks.emitWatermark(Watermark.MAX_WATERMARK);
    }
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
    // Ignored, as Flink's assigner does: idleness is decided here.
  }

  @Override
  public void finish() throws Exception {
    super.finish();
    generator.onPeriodicEmit(watermarks);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    progress.update(
        List.of(
            new Progress(
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                onEvent.maxTimestamp(),
                onEvent.emitted())));
  }
}
