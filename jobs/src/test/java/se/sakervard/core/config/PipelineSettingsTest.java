package se.sakervard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSettingsTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"sakervard\" ";

  /** A required setting left out says which, how to give it, and what it is for, in words. */
  @Test
  void shouldSayHowToGiveAMissingSetting() {
    PipelineSettings settings = PipelineSettings.of(Map.of());

    assertThatThrownBy(() -> settings.get(PipelineOptions.CLICKHOUSE_JDBC_URL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Missing setting 'clickhouse.jdbc-url': give it as --clickhouse.jdbc-url <value> or"
                + " in the --config properties file (")
        .hasMessageNotContaining("Description@");
  }

  /**
   * A Kafka password given as text is refused, and the refusal does not repeat it; given as a
   * reference to a mounted file or a variable it is taken, with the config providers that resolve
   * it.
   */
  @Test
  void shouldRefuseAKafkaPasswordGivenAsText() {
    for (var literal :
        Map.of(
                "kafka.client.sasl.jaas.config", JAAS + "password=\"hunter2-secret\";",
                "kafka.client.ssl.truststore.password", "hunter2-secret",
                "kafka.client.sasl.oauthbearer.client.credentials.client.secret", "hunter2-secret")
            .entrySet()) {
      assertThatThrownBy(() -> PipelineSettings.of(Map.of(literal.getKey(), literal.getValue())))
          .as(literal.getKey())
          .hasMessageStartingWith("Setting '" + literal.getKey() + "' holds a password as it is")
          .hasMessageNotContaining("hunter2");
    }

    PipelineSettings settings =
        PipelineSettings.of(
            Map.of(
                "kafka.client.sasl.jaas.config",
                JAAS + "password=\"${file:/run/secrets/kafka.properties:password}\";",
                "kafka.client.ssl.truststore.password",
                "${env:KAFKA_TRUSTSTORE_PASSWORD}"));
    assertThat(settings.kafkaClientProperties())
        .containsEntry("config.providers", "env,file")
        .containsEntry(
            "config.providers.file.class",
            "org.apache.kafka.common.config.provider.FileConfigProvider")
        .containsEntry(
            "config.providers.env.class",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
  }

  @Test
  void shouldReadTheClickHousePasswordFromAMountedFile(@TempDir Path secrets) throws Exception {
    Path file = Files.writeString(secrets.resolve("clickhouse-password"), "s3cret-of-the-test\n");

    assertThat(
            PipelineSettings.of(Map.of("clickhouse.password-file", file.toString()))
                .clickHousePassword())
        .isEqualTo("s3cret-of-the-test");
    assertThatThrownBy(
            () ->
                PipelineSettings.of(
                        Map.of("clickhouse.password-file", secrets.resolve("none").toString()))
                    .clickHousePassword())
        .hasMessageContaining("clickhouse.password-file: cannot read");
  }
}
