package se.sakervard.core.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.metrics.FlinkMicrometer;
import se.sakervard.core.source.SourceRecord;

/**
 * Turns raw Kafka records into events; what cannot be decoded or fails validation goes to the
 * {@link DeadLetters#TAG dead letters} with its reason, and the job carries on.
 */
public final class DecodeAndValidate<T> extends ProcessFunction<SourceRecord, T> {
  private final String job;
  private final String stream;
  private final RecordDecoder<T> decoder;
  private transient MeterRegistry meters;
  private transient Counter eventsIn;

  public DecodeAndValidate(String job, String stream, RecordDecoder<T> decoder) {
    this.job = job;
    this.stream = stream;
    this.decoder = decoder;
  }

  @Override
  public void open(OpenContext openContext) {
    meters = FlinkMicrometer.registryFor(getRuntimeContext().getMetricGroup());
    eventsIn = meters.counter("sakervard.events.in", "stream", stream);
  }

  @Override
  public void processElement(SourceRecord record, Context ctx, Collector<T> out) {
    eventsIn.increment();
    try {
      out.collect(decoder.decode(record));
    } catch (RejectedRecordException e) {
      meters
          .counter("sakervard.dead.letters", "stream", stream, "reason", e.reason().name())
          .increment();
      ctx.output(DeadLetters.TAG, deadLetter(job, record, e));
    }
  }

  /** The dead letter of a record rejected for {@code e}. */
  public static DeadLetterRecord deadLetter(
      String job, SourceRecord record, RejectedRecordException e) {
    return new DeadLetterRecord(
        job,
        record.topic(),
        record.partition(),
        record.offset(),
        e.reason(),
        e.getMessage(),
        e.eventId(),
        e.eventTime(),
        e.withholdRaw() ? null : record.value());
  }
}
