package se.sakervard.core.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.util.OutputTag;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.sink.AvroKafkaSink;
import se.sakervard.schemas.pipeline.DeadLetter;

/** The side output every operator sends unusable records to, and the topic it ends in. */
public final class DeadLetters {
  private DeadLetters() {}

  public static final OutputTag<DeadLetterRecord> TAG =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetterRecord.class));

  /** To the dead-letter topic, keyed by {@link #keyOf}. */
  public static Sink<DeadLetterRecord> kafkaSink(PipelineSettings settings) {
    return AvroKafkaSink.of(
        settings,
        settings.get(PipelineOptions.TOPIC_DEAD_LETTERS),
        DeadLetter.class,
        DeadLetters::toAvro,
        DeadLetters::keyOf);
  }

  /**
   * A dead letter's Kafka key: its source topic, partition and offset, so a replay lands on the
   * same key; what came from no topic (an undeliverable page) by its event id.
   */
  public static String keyOf(DeadLetter d) {
    return d.getPartition() < 0
        ? d.getSourceTopic() + "/" + d.getEventId()
        : d.getSourceTopic() + "/" + d.getPartition() + "/" + d.getOffset();
  }

  public static DeadLetter toAvro(DeadLetterRecord d) {
    return DeadLetter.newBuilder()
        .setJob(d.job())
        .setSourceTopic(d.sourceTopic())
        .setPartition(d.partition())
        .setOffset(d.offset())
        .setReason(d.reason())
        .setDetail(d.detail())
        .setEventId(d.eventId())
        .setEventTime(d.eventTime() == null ? null : Instant.ofEpochMilli(d.eventTime()))
        .setRawValue(d.rawValue() == null ? null : ByteBuffer.wrap(d.rawValue()))
        .build();
  }
}
