package se.sakervard.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {
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
}
