package se.sakervard.core.source;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * A Kafka source that hands on the raw bytes with their coordinates. Decoding happens in the job,
 * so a record that cannot be decoded becomes a dead letter instead of failing the source.
 */
public final class RawKafkaSource {
  private RawKafkaSource() {}

  /**
   * Reads {@code topic} from the committed offsets of the job's consumer group ({@code
   * <kafka.group-id-prefix>-<job>}; earliest when the group is new), or, when {@link
   * PipelineOptions#KAFKA_BOUNDED} is set, up to the offsets that were latest at start and then
   * finishes.
   */
  public static KafkaSource<SourceRecord> of(PipelineSettings settings, String job, String topic) {
    KafkaSourceBuilder<SourceRecord> builder =
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setTopics(topic)
            .setGroupId(settings.get(PipelineOptions.KAFKA_GROUP_ID_PREFIX) + "-" + job)
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new Deserializer())
            .setProperty("commit.offsets.on.checkpoint", "true");
    settings.kafkaClientProperties().forEach(builder::setProperty);
    if (settings.get(PipelineOptions.KAFKA_BOUNDED)) {
      builder.setStartingOffsets(OffsetsInitializer.earliest());
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private static final class Deserializer
      implements KafkaRecordDeserializationSchema<SourceRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out)
        throws IOException {
      out.collect(
          new SourceRecord(record.topic(), record.partition(), record.offset(), record.value()));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
      return TypeInformation.of(SourceRecord.class);
    }
  }
}
