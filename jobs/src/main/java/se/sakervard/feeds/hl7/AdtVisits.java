package se.sakervard.feeds.hl7;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Maps each visit's ADT messages to census events ({@link AdtMapping}) in the subtask that read
 * them, in the order of their partition, and sends each event to the census topic's partition of
 * the same number. The census job takes each partition's event time as it comes; a shuffle here
 * (keyed by visit) let two subtasks interleave one partition, and a replay's events arrived hours
 * behind each other and were dropped as too late.
 *
 * <p>The listener keys the raw topic by visit, so a visit's messages are all in one partition, read
 * by one subtask. The visits are kept per subtask and checkpointed as union state (every subtask
 * gets all after a rescale and uses those of the partitions it reads). A visit is forgotten once
 * the newest event time this subtask has seen is {@code retention} past its newest message.
 */
public final class AdtVisits extends ProcessFunction<AdtInput, MappedEvent>
    implements CheckpointedFunction {
  /** A visit and what the mapping remembers of it. Public fields for Flink's serializer. */
  public static final class Entry {
    public String stayRef;
    public AdtStay stay;

    public Entry() {}

    Entry(String stayRef, AdtStay stay) {
      this.stayRef = stayRef;
      this.stay = stay;
    }
  }

  private final String job;
  private final AdtMapping mapping;
  private final long retentionMs;
  private transient Map<String, AdtStay> visits;
  private transient ListState<Entry> checkpointed;
  private transient long newestTime;
  private transient long nextPrune;

  public AdtVisits(String job, AdtMapping mapping, Duration retention) {
    this.job = job;
    this.mapping = mapping;
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void processElement(AdtInput input, Context ctx, Collector<MappedEvent> out) {
    AdtStay visit = visits.computeIfAbsent(input.stayRef(), k -> new AdtStay());
    try {
      for (var event : mapping.map(input.message(), visit)) {
        out.collect(new MappedEvent(event, input.origin().partition()));
      }
    } catch (AdtMapping.Rejected e) {
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
      visits.values().removeIf(v -> v.newestTime < newestTime - retentionMs);
      nextPrune = newestTime + retentionMs / 10;
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    List<Entry> entries = new ArrayList<>(visits.size());
    visits.forEach((ref, stay) -> entries.add(new Entry(ref, stay)));
    checkpointed.update(entries);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>("visits", TypeInformation.of(Entry.class)));
    visits = new HashMap<>();
    newestTime = Long.MIN_VALUE;
    for (Entry e : checkpointed.get()) {
      visits.put(e.stayRef, e.stay);
      newestTime = Math.max(newestTime, e.stay.newestTime);
    }
    nextPrune = newestTime == Long.MIN_VALUE ? Long.MIN_VALUE : newestTime;
  }
}
