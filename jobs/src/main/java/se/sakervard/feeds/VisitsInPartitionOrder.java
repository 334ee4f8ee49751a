package se.sakervard.feeds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Maps each visit's messages to census events ({@link VisitMapping}) in the subtask that read them,
 * in the order of their partition, and sends each event to the census topic's partition of the same
 * number. The census job takes each partition's event time as it comes; a shuffle here (keyed by
 * visit) let two subtasks interleave one partition, and a replay's events arrived hours behind each
 * other and were dropped as too late.
 *
 * <p>The feed's raw topic is keyed by visit, so a visit's messages are all in one partition, read
 * by one subtask. The visits are kept per subtask and checkpointed as union state (every subtask
 * gets all after a rescale and uses those of the partitions it reads). A visit is forgotten once
 * the newest event time this subtask has seen is {@code retention} past its newest message.
 */
public final class VisitsInPartitionOrder<M, V> extends ProcessFunction<FeedInput<M>, MappedEvent>
    implements CheckpointedFunction {
  private final String job;
  private final VisitMapping<M, V> mapping;
  private final TypeInformation<V> visitType;
  private final long retentionMs;
  private transient Map<String, V> visits;
  private transient ListState<Tuple2<String, V>> checkpointed;
  private transient long newestTime;
  private transient long nextPrune;

  public VisitsInPartitionOrder(
      String job, VisitMapping<M, V> mapping, Class<V> visitType, Duration retention) {
    this.job = job;
    this.mapping = mapping;
    this.visitType = TypeInformation.of(visitType);
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void processElement(FeedInput<M> input, Context ctx, Collector<MappedEvent> out) {
    V visit = visits.computeIfAbsent(input.stayRef(), k -> mapping.newVisit());
    try {
      for (var event : mapping.map(input.message(), visit)) {
        out.collect(new MappedEvent(event, input.origin().partition()));
      }
    } catch (VisitMapping.Rejected e) {
      ctx.output(
          DeadLetters.TAG,
          new DeadLetterRecord(
              job,
              input.origin().topic(),
              input.origin().partition(),
              input.origin().offset(),
              DeadLetterReason.INVALID,
              e.getMessage(),
              input.eventId(),
              input.eventTime(),
              null));
    }
    newestTime = Math.max(newestTime, input.eventTime());
    if (newestTime >= nextPrune) {
      visits.values().removeIf(v -> mapping.newestTime(v) < newestTime - retentionMs);
      nextPrune = newestTime + retentionMs / 10;
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    List<Tuple2<String, V>> entries = new ArrayList<>(visits.size());
    visits.forEach((ref, visit) -> entries.add(Tuple2.of(ref, visit)));
    checkpointed.update(entries);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>("visits", new TupleTypeInfo<>(Types.STRING, visitType)));
    visits = new HashMap<>();
    newestTime = Long.MIN_VALUE;
    for (Tuple2<String, V> e : checkpointed.get()) {
      visits.put(e.f0, e.f1);
      newestTime = Math.max(newestTime, mapping.newestTime(e.f1));
    }
    nextPrune = newestTime == Long.MIN_VALUE ? Long.MIN_VALUE : newestTime;
  }
}
