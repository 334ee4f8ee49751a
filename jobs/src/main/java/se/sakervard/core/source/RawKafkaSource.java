package se.sakervard.core.source;

import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.errors.AuthenticationException;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * A Kafka topic read as raw bytes with their coordinates. Decoding happens in the job, so a record
 * that cannot be decoded becomes a dead letter instead of failing the source.
 *
 * <p>The topic is read by at most one subtask per partition. A subtask without a partition would
 * hold event time back until it finished or went idle, so whether an early event counted as late
 * would depend on how fast the other subtasks ran: processing time would decide a number.
 */
public final class RawKafkaSource {
  private static final long METADATA_TIMEOUT_SECONDS = 30;

  private final KafkaSource<SourceRecord> source;
  private final String topic;
  private final int partitions;

  private RawKafkaSource(KafkaSource<SourceRecord> source, String topic, int partitions) {
    this.source = source;
    this.topic = topic;
    this.partitions = partitions;
  }

  /**
   * Reads {@code topic} from the committed offsets of the job's consumer group ({@code
   * <kafka.group-id-prefix>-<job>}; earliest when the group is new), or, when {@link
   * PipelineOptions#KAFKA_BOUNDED} is set, up to the offsets that were latest at start and then
   * finishes. Looks up the topic's partitions now, so a missing topic fails the submission.
   */
  public static RawKafkaSource of(PipelineSettings settings, String job, String topic) {
    KafkaSourceBuilder<SourceRecord> builder =
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
            .setTopics(topic)
            .setGroupId(groupId(settings, job))
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new Deserializer())
            .setProperty("commit.offsets.on.checkpoint", "true");
    settings.kafkaClientProperties().forEach(builder::setProperty);
    if (settings.get(PipelineOptions.KAFKA_BOUNDED)) {
      builder.setStartingOffsets(OffsetsInitializer.earliest());
      builder.setBounded(OffsetsInitializer.latest());
    }
    return new RawKafkaSource(builder.build(), topic, partitionsOf(settings, topic));
  }

  /** The job's consumer group, {@code <kafka.group-id-prefix>-<job>}. */
  public static String groupId(PipelineSettings settings, String job) {
    return settings.get(PipelineOptions.KAFKA_GROUP_ID_PREFIX) + "-" + job;
  }

  /** The topic as a stream, read by min(partitions, the environment's parallelism) subtasks. */
  public DataStreamSource<SourceRecord> read(StreamExecutionEnvironment env, String name) {
    DataStreamSource<SourceRecord> stream =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), name);
    int parallelism = env.getParallelism();
    stream.setParallelism(parallelism > 0 ? Math.min(parallelism, partitions) : partitions);
    return stream;
  }

  public int partitions() {
    return partitions;
  }

  static int partitionsOf(PipelineSettings settings, String topic) {
    Properties admin = new Properties();
    admin.putAll(settings.kafkaClientProperties());
    admin.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    try (Admin client = Admin.create(admin)) {
      return client
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(METADATA_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException | TimeoutException e) {
      String at =
          "Cannot read the partitions of Kafka topic '"
              + topic
              + "' at "
              + settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS);
      if (e.getCause() instanceof AuthenticationException) {
        throw new IllegalStateException(
            at
                + ": the broker refused the credentials; check kafka.client.security.protocol,"
                + " kafka.client.sasl.* and the secret they refer to (docs/operations.md,"
                + " \"Credentials\")",
            e);
      }
      throw new IllegalStateException(
          at + ": create the topic (infra/run does) or check kafka.bootstrap-servers", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading topic " + topic, e);
    }
  }

  @Override
  public String toString() {
    return topic + " (" + partitions + " partitions)";
  }

  static final class Deserializer implements KafkaRecordDeserializationSchema<SourceRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out)
        throws IOException {
      out.collect(
          new SourceRecord(
              record.topic(),
              record.partition(),
              record.offset(),
              record.value(),
              Replay.from(record.headers())));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
      return TypeInformation.of(SourceRecord.class);
    }
  }
}
