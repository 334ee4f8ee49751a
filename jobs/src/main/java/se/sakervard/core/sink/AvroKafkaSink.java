package se.sakervard.core.sink;

import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.schemas.codec.SingleObjectCodec;

/**
 * A Kafka sink writing single-object-encoded Avro records with a deterministic key taken from the
 * Avro record (so it is computed once), at least once: consumers keep the highest version per key,
 * so a repeat after a restart is harmless.
 */
public final class AvroKafkaSink {
  private AvroKafkaSink() {}

  public static <T, A extends SpecificRecordBase> KafkaSink<T> of(
      PipelineSettings settings,
      String topic,
      Class<A> avroType,
      SerializableFunction<T, A> toAvro,
      SerializableFunction<A, String> key) {
    return of(settings, value -> topic, avroType, toAvro, key);
  }

  /**
   * As {@link #of(PipelineSettings, String, Class, SerializableFunction, SerializableFunction)},
   * each record to the partition {@code partition} gives it: a writer that keeps its source's
   * partitions keeps their order.
   */
  public static <T, A extends SpecificRecordBase> KafkaSink<T> toPartitions(
      PipelineSettings settings,
      String topic,
      Class<A> avroType,
      SerializableFunction<T, A> toAvro,
      SerializableFunction<A, String> key,
      SerializableFunction<T, Integer> partition) {
    return build(settings, new Serializer<>(value -> topic, avroType, toAvro, key, partition));
  }

  /**
   * As {@link #of(PipelineSettings, String, Class, SerializableFunction, SerializableFunction)},
   * each record to the topic {@code topic} chooses for it.
   */
  public static <T, A extends SpecificRecordBase> KafkaSink<T> of(
      PipelineSettings settings,
      SerializableFunction<A, String> topic,
      Class<A> avroType,
      SerializableFunction<T, A> toAvro,
      SerializableFunction<A, String> key) {
    return build(settings, new Serializer<>(topic, avroType, toAvro, key, null));
  }

  private static <T> KafkaSink<T> build(
      PipelineSettings settings, KafkaRecordSerializationSchema<T> serializer) {
    var builder =
        KafkaSink.<T>builder()
            .setBootstrapServers(settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setRecordSerializer(serializer)
            .setProperty("linger.ms", "20")
            .setProperty("compression.type", "lz4");
    settings.kafkaClientProperties().forEach(builder::setProperty);
    return builder.build();
  }

  private static final class Serializer<T, A extends SpecificRecordBase>
      implements KafkaRecordSerializationSchema<T> {
    private final SerializableFunction<A, String> topic;
    private final Class<A> avroType;
    private final SerializableFunction<T, A> toAvro;
    private final SerializableFunction<A, String> key;
    private final SerializableFunction<T, Integer> partition;
    private transient SingleObjectCodec<A> codec;

    Serializer(
        SerializableFunction<A, String> topic,
        Class<A> avroType,
        SerializableFunction<T, A> toAvro,
        SerializableFunction<A, String> key,
        SerializableFunction<T, Integer> partition) {
      this.topic = topic;
      this.avroType = avroType;
      this.toAvro = toAvro;
      this.key = key;
      this.partition = partition;
    }

    @Override
    public void open(
        SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
      codec = SingleObjectCodec.of(avroType);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        T element, KafkaSinkContext context, Long timestamp) {
      A value = toAvro.apply(element);
      // The Kafka timestamp is when the record was written, not its event time (which the payload
      // carries): brokers reject timestamps far ahead of their clock, and time-based retention
      // would delete a replay's year-old figures at once.
      return new ProducerRecord<>(
          topic.apply(value),
          partition == null ? null : partition.apply(element),
          null,
          key.apply(value).getBytes(StandardCharsets.UTF_8),
          codec.encode(value));
    }
  }
}
