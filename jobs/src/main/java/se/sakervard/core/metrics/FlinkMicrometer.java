package se.sakervard.core.metrics;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Micrometer meters that Flink's metric system reports.
 *
 * <p>Operators record with Micrometer (counters, timers with percentiles); every meter added to the
 * registry this returns is published into the operator's {@link MetricGroup}: each tag becomes a
 * key/value group (a label in Flink's Prometheus reporter) and each of the meter's measurements a
 * gauge named {@code <meter>_<statistic>}, e.g. {@code
 * sakervard_dead_letters_count{reason="MALFORMED"}}. Flink owns reporting and scope (job, task,
 * subtask); Micrometer owns the arithmetic of timers and percentiles.
 */
public final class FlinkMicrometer {
  private FlinkMicrometer() {}

  public static MeterRegistry registryFor(MetricGroup group) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().onMeterAdded(meter -> publish(meter, group));
    return registry;
  }

  /** Publishes the meters of a registry that lives outside an operator (see SinkMeters). */
  public static void publishAll(MeterRegistry registry, MetricGroup group) {
    registry.forEachMeter(meter -> publish(meter, group));
    registry.config().onMeterAdded(meter -> publish(meter, group));
  }

  private static void publish(Meter meter, MetricGroup group) {
    MetricGroup target = group;
    for (Tag tag : meter.getId().getTags()) {
      target = target.addGroup(tag.getKey(), tag.getValue());
    }
    String name = meter.getId().getName().replace('.', '_');
    for (Measurement measurement : meter.measure()) {
      // A measurement reads its meter on every call, so the gauge is always current.
      Gauge<Double> gauge = measurement::getValue;
      target.gauge(name + "_" + measurement.getStatistic().getTagValueRepresentation(), gauge);
    }
  }
}
