package se.sakervard.core.reference;

import io.micrometer.core.instrument.Counter;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.metrics.FlinkMicrometer;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Places each event in its unit's reference period (docs/reference-data.md): the event goes on with
 * the unit's hospital, region and care type as the reference data gives them at its event time.
 *
 * <p>Keyed by unit code; the reference data comes in as broadcast state. An event of a unit the
 * reference data does not have at its time is held until a period covering it arrives, and
 * dead-lettered INVALID once the watermark passes its event time by the wait (at most the job's
 * allowed lateness, so that a released event still counts downstream). Until the reference topic
 * has been read to its end the watermark here stays back ({@link UnitReferences}), so that no wait
 * runs out before the reference data is in; at the end of a bounded input every event still held is
 * dead-lettered, since no reference record can follow.
 */
public final class KnownUnits<T extends InputEvent>
    extends KeyedBroadcastProcessFunction<String, T, UnitRecord, T> {

  /** How an event of type T takes on its unit's reference period. */
  @FunctionalInterface
  public interface Placing<T> extends Serializable {
    T placedIn(T event, UnitRecord unit);
  }

  private final String job;
  private final UnitDirectory directory;
  private final Placing<T> placing;
  private final long waitMs;
  private final ListStateDescriptor<T> heldDescriptor;
  private transient ListState<T> held;
  private transient Counter unknown;
  private transient Counter heldEvents;

  public KnownUnits(
      String job,
      UnitDirectory directory,
      Placing<T> placing,
      Duration wait,
      TypeInformation<T> type) {
    this.job = job;
    this.directory = directory;
    this.placing = placing;
    this.waitMs = wait.toMillis();
    this.heldDescriptor = new ListStateDescriptor<>("held-for-unit-reference", type);
  }

  @Override
  public void open(OpenContext openContext) {
    held = getRuntimeContext().getListState(heldDescriptor);
    var meters = FlinkMicrometer.registryFor(getRuntimeContext().getMetricGroup());
    unknown =
        meters.counter(
            "sakervard.dead.letters", "stream", job, "reason", DeadLetterReason.INVALID.name());
    heldEvents = meters.counter("sakervard.units.held", "stream", job);
  }

  @Override
  public void processElement(T event, ReadOnlyContext ctx, Collector<T> out) throws Exception {
    UnitPeriods periods =
        directory.periodsOf(ctx.getBroadcastState(UnitDirectory.STATE), ctx.getCurrentKey());
    UnitRecord unit = periods == null ? null : periods.at(event.eventTime());
    if (unit != null) {
      out.collect(placing.placedIn(event, unit));
      return;
    }
    heldEvents.increment();
    held.add(event);
    ctx.timerService().registerEventTimeTimer(event.eventTime() + waitMs);
  }

  @Override
  public void processBroadcastElement(UnitRecord record, Context ctx, Collector<T> out)
      throws Exception {
    UnitPeriods updated = directory.publish(ctx.getBroadcastState(UnitDirectory.STATE), record);
    ctx.applyToKeyedState(
        heldDescriptor,
        (unitCode, events) -> {
          if (!unitCode.equals(record.unitCode())) {
            return;
          }
          List<T> still = new ArrayList<>();
          for (T e : events.get()) {
            UnitRecord unit = updated.at(e.eventTime());
            if (unit != null) {
              out.collect(placing.placedIn(e, unit));
            } else {
              still.add(e);
            }
          }
          events.update(still);
        });
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
    boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    UnitPeriods periods =
        directory.periodsOf(ctx.getBroadcastState(UnitDirectory.STATE), ctx.getCurrentKey());
    List<T> still = new ArrayList<>();
    for (T e : held.get()) {
      if (endOfInput || e.eventTime() + waitMs <= timestamp) {
        unknown.increment();
        ctx.output(DeadLetters.TAG, unknownUnit(e, ctx.getCurrentKey(), periods, endOfInput));
      } else {
        still.add(e);
      }
    }
    held.update(still);
  }

  private DeadLetterRecord unknownUnit(
      T event, String unitCode, UnitPeriods periods, boolean endOfInput) {
    String known =
        periods == null
            ? "has no record in the unit reference data"
            : "has no reference period covering "
                + Instant.ofEpochMilli(event.eventTime())
                + " (its periods: "
                + describe(periods)
                + ")";
    String waited =
        endOfInput
            ? "by the end of the input"
            : "within " + Duration.ofMillis(waitMs) + " (units.unknown-unit-wait) of the event";
    return new DeadLetterRecord(
        job,
        event.origin().topic(),
        event.origin().partition(),
        event.origin().offset(),
        DeadLetterReason.INVALID,
        "unit "
            + unitCode
            + " "
            + known
            + " "
            + waited
            + "; publish the unit's reference record (topic unit-reference) and replay this event",
        event.eventId(),
        event.eventTime(),
        event.origin().value());
  }

  private static String describe(UnitPeriods periods) {
    StringBuilder s = new StringBuilder();
    for (UnitRecord p : periods.periods) {
      if (!s.isEmpty()) {
        s.append(", ");
      }
      s.append(Instant.ofEpochMilli(p.validFrom()))
          .append(" to ")
          .append(p.validTo() == Long.MAX_VALUE ? "open" : Instant.ofEpochMilli(p.validTo()));
    }
    return s.toString();
  }
}
