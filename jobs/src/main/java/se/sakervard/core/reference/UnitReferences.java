package se.sakervard.core.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.core.source.SourceRecord;

/**
 * The unit reference data of one job (docs/reference-data.md): the records the topic held at the
 * start, decoded into a {@link UnitDirectory} that travels with the operators, and the updates
 * since, decoded and broadcast to them.
 */
public final class UnitReferences {
  private final String job;
  private final UnitDirectory atStart;
  private final List<DeadLetterRecord> rejectedAtStart;
  private final SingleOutputStreamOperator<UnitRecord> updates;

  private UnitReferences(
      String job,
      UnitDirectory atStart,
      List<DeadLetterRecord> rejectedAtStart,
      SingleOutputStreamOperator<UnitRecord> updates) {
    this.job = job;
    this.atStart = atStart;
    this.rejectedAtStart = rejectedAtStart;
    this.updates = updates;
  }

  /**
   * The reference data of {@code job} from {@code topic}; what cannot be decoded goes to the dead
   * letters, read at the start or later.
   */
  public static UnitReferences decode(
      StreamExecutionEnvironment env, ReferenceTopic topic, String job) {
    UnitReferenceDecoder decoder = new UnitReferenceDecoder();
    List<UnitRecord> records = new ArrayList<>();
    List<DeadLetterRecord> rejected = new ArrayList<>();
    for (SourceRecord r : topic.atStart()) {
      try {
        records.add(decoder.decode(r));
      } catch (RejectedRecordException e) {
        rejected.add(DecodeAndValidate.deadLetter(job, r, e));
      }
    }
    DataStream<SourceRecord> raw = topic.updates(env);
    SingleOutputStreamOperator<UnitRecord> updates =
        raw == null
            ? null
            : raw.process(
                    new DecodeAndValidate<>(job, "unit-reference", new UnitReferenceDecoder()),
                    TypeInformation.of(UnitRecord.class))
                .name("Decode unit reference updates")
                .uid(job + "-decode-unit-reference")
                .setParallelism(raw.getParallelism());
    return new UnitReferences(job, UnitDirectory.of(records), List.copyOf(rejected), updates);
  }

  /** The reference data as it stood at the start, for an operator's constructor. */
  public UnitDirectory atStart() {
    return atStart;
  }

  /**
   * The updates as broadcast state ({@link UnitDirectory#STATE}), to connect to {@code alongside}.
   * A bounded run has none: it then gets an empty stream that follows {@code alongside}'s own event
   * time, so that the join's event time is its events'.
   */
  public <A> BroadcastStream<UnitRecord> updatesFor(DataStream<A> alongside) {
    DataStream<UnitRecord> stream =
        updates != null
            ? updates
            : alongside
                .flatMap((A ignored, Collector<UnitRecord> none) -> {})
                .returns(UnitRecord.class)
                .name("No reference updates (bounded run)");
    return stream.broadcast(UnitDirectory.STATE);
  }

  /**
   * {@code events}, keyed by unit code, placed in their units' reference periods; those of units
   * unknown at their time wait up to {@code wait} and then go to the dead letters.
   */
  public <T extends InputEvent> SingleOutputStreamOperator<T> place(
      KeyedStream<T, String> events,
      KnownUnits.Placing<T> placing,
      Duration wait,
      TypeInformation<T> type) {
    return events
        .connect(updatesFor(events))
        .process(new KnownUnits<>(job, atStart, placing, wait, type), type)
        .name("Place events in their units (reference data)")
        .uid(job + "-known-units");
  }

  /** {@code others} and the reference records that could not be decoded, at the start or since. */
  public DataStream<DeadLetterRecord> withDeadLetters(DataStream<DeadLetterRecord> others) {
    DataStream<DeadLetterRecord> all = others;
    if (!rejectedAtStart.isEmpty()) {
      all =
          all.union(
              others
                  .getExecutionEnvironment()
                  .fromData(rejectedAtStart, TypeInformation.of(DeadLetterRecord.class))
                  .name("Unit reference records rejected at the start"));
    }
    return updates == null ? all : all.union(updates.getSideOutput(DeadLetters.TAG));
  }
}
