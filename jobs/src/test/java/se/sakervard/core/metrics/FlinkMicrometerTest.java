package se.sakervard.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** Micrometer meters reach Flink's metric groups with their tags as key/value groups. */
class FlinkMicrometerTest {
  /** A Flink metric group that remembers every gauge under its full group path. */
  private static final class RecordingGroup extends UnregisteredMetricsGroup {
    private final Map<String, Gauge<?>> gauges;
    private final String path;

    RecordingGroup(Map<String, Gauge<?>> gauges, String path) {
      this.gauges = gauges;
      this.path = path;
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      return new RecordingGroup(gauges, path + key + "=" + value + "/");
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
      gauges.put(path + name, gauge);
      return gauge;
    }
  }

  private final Map<String, Gauge<?>> gauges = new HashMap<>();

  @Test
  void shouldPublishACounterUnderItsTagsAndKeepItCurrent() {
    MeterRegistry registry = FlinkMicrometer.registryFor(new RecordingGroup(gauges, ""));
    Counter malformed =
        registry.counter("sakervard.dead.letters", "stream", "census", "reason", "MALFORMED");

    malformed.increment();
    malformed.increment(2);

    // Micrometer keeps tags sorted by key.
    Gauge<?> count = gauges.get("reason=MALFORMED/stream=census/sakervard_dead_letters_count");
    assertThat(count).isNotNull();
    assertThat(count.getValue()).isEqualTo(3.0);
    malformed.increment();
    assertThat(count.getValue()).isEqualTo(4.0);
  }

  @Test
  void shouldPublishEveryStatisticOfATimer() {
    MeterRegistry registry = FlinkMicrometer.registryFor(new RecordingGroup(gauges, ""));
    Timer batches = registry.timer("sakervard.sink.batch", "table", "census_current");

    // Two batches of 100 ms and 300 ms: count 2, total 0.4 s, max 0.3 s (Micrometer's base unit).
    batches.record(Duration.ofMillis(100));
    batches.record(Duration.ofMillis(300));

    String prefix = "table=census_current/sakervard_sink_batch_";
    assertThat(gauges.keySet())
        .containsAll(List.of(prefix + "count", prefix + "total", prefix + "max"));
    assertThat(gauges.get(prefix + "count").getValue()).isEqualTo(2.0);
    assertThat((Double) gauges.get(prefix + "total").getValue()).isCloseTo(0.4, within());
    assertThat((Double) gauges.get(prefix + "max").getValue()).isCloseTo(0.3, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
