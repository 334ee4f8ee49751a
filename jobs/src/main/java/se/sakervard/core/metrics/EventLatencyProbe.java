package se.sakervard.core.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Passes records to a sink unchanged and records how far behind the wall clock their event time is
 * as they reach it: the pipeline's end-to-end latency. Only records that carry a live event time
 * (e.g. current figures, not closed periods) are measured: {@code eventTimeOf} returns null for the
 * others. Also publishes the JVM's {@link SinkMeters} into this operator's metric group.
 */
public final class EventLatencyProbe<T> extends RichMapFunction<T, T> {
  private final String sink;
  private final SerializableFunction<T, Long> eventTimeOf;
  private transient Timer latency;

  public EventLatencyProbe(String sink, SerializableFunction<T, Long> eventTimeOf) {
    this.sink = sink;
    this.eventTimeOf = eventTimeOf;
  }

  @Override
  public void open(OpenContext openContext) {
    var group = getRuntimeContext().getMetricGroup();
    latency =
        Timer.builder("sakervard.end.to.end.latency")
            .tag("sink", sink)
            .publishPercentiles(0.5, 0.99)
            .register(FlinkMicrometer.registryFor(group));
    FlinkMicrometer.publishAll(SinkMeters.registry(), group.addGroup("jvm_sinks"));
  }

  @Override
  public T map(T value) {
    Long eventTime = eventTimeOf.apply(value);
    if (eventTime != null) {
      latency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - eventTime)));
    }
    return value;
  }
}
