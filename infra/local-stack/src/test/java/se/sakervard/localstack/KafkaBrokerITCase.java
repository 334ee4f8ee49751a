package se.sakervard.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerITCase {
  @TempDir Path workDir;

  @Test
  void producesAndConsumesThroughARealBroker() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      broker.createTopics(1, "events");
      broker.createTopics(1, "events"); // idempotent

      produce(broker, "one", "two", "three");

      assertThat(consume(broker, 3)).containsExactly("one", "two", "three");
    }
  }

  @Test
  void keepsTopicsAndRecordsWhenKilledAndRestarted() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      String before = broker.bootstrapServers();
      broker.createTopics(1, "events");
      produce(broker, "one", "two");

      broker.kill();
      broker.restart();
      produce(broker, "three");

      assertThat(broker.bootstrapServers()).isEqualTo(before);
      assertThat(consume(broker, 3)).containsExactly("one", "two", "three");
    }
  }

  @Test
  void createsTopicsWithTheirConfigs() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      broker.createTopics(1, Map.of("cleanup.policy", "compact"), "reference");
      broker.createTopics(1, "events");

      assertThat(cleanupPolicy(broker, "reference")).isEqualTo("compact");
      assertThat(cleanupPolicy(broker, "events")).isEqualTo("delete");
    }
  }

  private static String cleanupPolicy(KafkaBroker broker, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      return admin
          .describeConfigs(List.of(resource))
          .all()
          .get()
          .get(resource)
          .get("cleanup.policy")
          .value();
    }
  }

  private static void produce(KafkaBroker broker, String... values) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                // Compressed batches also prove the broker has the codec jars.
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "zstd"),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>("events", "key", value)).get();
      }
    }
  }

  private static List<String> consume(KafkaBroker broker, int count) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("events"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}
