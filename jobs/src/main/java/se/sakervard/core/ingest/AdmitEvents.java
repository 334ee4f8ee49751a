package se.sakervard.core.ingest;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.metrics.FlinkMicrometer;
import se.sakervard.core.source.Replay;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Lets each event in once, and only while it can still correct the figures.
 *
 * <p>Keyed by event id. A repeat of an admitted id is dropped (counted). An event whose time is
 * more than the allowed lateness behind the watermark goes to the dead letters as TOO_LATE; one
 * behind the watermark but within the lateness is admitted and counted as a late correction. The id
 * is remembered until the watermark passes event time + allowed lateness: after that any repeat is
 * too late anyway, so no id stays in state for long.
 *
 * <p>A dead letter of this job sent back to the topic ({@link Replay}) is admitted once per dead
 * letter, although its id was seen: the original was admitted here and dead-lettered after (its
 * unit unknown, say), so it was never counted. A second replay of the same dead letter is a repeat.
 * A replay of another job's dead letter is ignored: this job has handled the original.
 */
public final class AdmitEvents<T extends InputEvent> extends KeyedProcessFunction<String, T, T> {
  private final String job;
  private final String stream;
  private final long allowedLatenessMs;
  private transient ValueState<Boolean> admitted;
  private transient MapState<String, Boolean> replayed;
  private transient Counter duplicates;
  private transient Counter replays;
  private transient Counter othersReplays;
  private transient Counter lateCorrections;
  private transient Counter tooLate;

  public AdmitEvents(String job, String stream, Duration allowedLateness) {
    this.job = job;
    this.stream = stream;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    admitted = getRuntimeContext().getState(new ValueStateDescriptor<>("admitted", Types.BOOLEAN));
    replayed =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("replayed", Types.STRING, Types.BOOLEAN));
    var meters = FlinkMicrometer.registryFor(getRuntimeContext().getMetricGroup());
    duplicates = meters.counter("sakervard.duplicates.dropped", "stream", stream);
    replays = meters.counter("sakervard.replays.admitted", "stream", stream);
    othersReplays = meters.counter("sakervard.replays.ignored", "stream", stream);
    lateCorrections = meters.counter("sakervard.late.corrections", "stream", stream);
    tooLate =
        meters.counter(
            "sakervard.dead.letters", "stream", stream, "reason", DeadLetterReason.TOO_LATE.name());
  }

  @Override
  public void processElement(T event, Context ctx, Collector<T> out) throws Exception {
    Replay replay = event.origin().replay();
    if (replay != null && !replay.job().equals(job)) {
      othersReplays.increment();
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    long time = event.eventTime();
    if (watermark != Long.MIN_VALUE && time < watermark - allowedLatenessMs) {
      tooLate.increment();
      ctx.output(DeadLetters.TAG, tooLate(event, watermark));
      return;
    }
    if (replay == null ? admitted.value() != null : replayed.contains(replay.of())) {
      duplicates.increment();
      return;
    }
    if (replay != null) {
      replayed.put(replay.of(), true);
      replays.increment();
    }
    admitted.update(true);
    ctx.timerService().registerEventTimeTimer(time + allowedLatenessMs + 1);
    if (time <= watermark) {
      lateCorrections.increment();
    }
    out.collect(event);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) {
    admitted.clear();
    replayed.clear();
  }

  private DeadLetterRecord tooLate(T event, long watermark) {
    return new DeadLetterRecord(
        job,
        event.origin().topic(),
        event.origin().partition(),
        event.origin().offset(),
        DeadLetterReason.TOO_LATE,
        "event time "
            + java.time.Instant.ofEpochMilli(event.eventTime())
            + " is more than the allowed lateness "
            + Duration.ofMillis(allowedLatenessMs)
            + " behind the watermark "
            + java.time.Instant.ofEpochMilli(watermark),
        event.eventId(),
        event.eventTime(),
        event.origin().value());
  }
}
