package se.sakervard.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.core.source.SourceRecord;

/**
 * A topic of one partition held in memory, for the graph tests that build a job on bounded
 * in-memory sources: its raw records with their offsets, read as a job's source would.
 */
public final class InMemoryTopic {
  private final String name;
  private final List<SourceRecord> records = new ArrayList<>();

  private InMemoryTopic(String name) {
    this.name = name;
  }

  public static InMemoryTopic named(String name) {
    return new InMemoryTopic(name);
  }

  /** The next record: its value's bytes at the next offset. */
  public InMemoryTopic add(byte[] value) {
    records.add(new SourceRecord(name, 0, records.size(), value));
    return this;
  }

  /** The values of records meant for this topic; others are left out. */
  public InMemoryTopic addAll(List<ProducerRecord<String, byte[]>> sent) {
    sent.stream().filter(r -> r.topic().equals(name)).forEach(r -> add(r.value()));
    return this;
  }

  /** The topic read by one source subtask, as one partition is. */
  public DataStream<SourceRecord> read(StreamExecutionEnvironment env) {
    return env.fromData(records, TypeInformation.of(SourceRecord.class))
        .name(name)
        .setParallelism(1);
  }

  /** The topic as reference data, read whole at the job's start. */
  public ReferenceTopic asReference() {
    return ReferenceTopic.of(name, records);
  }
}
