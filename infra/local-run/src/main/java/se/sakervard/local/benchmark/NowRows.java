package se.sakervard.local.benchmark;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.local.LocalPipeline;
import se.sakervard.schemas.codec.UndecodableRecordException;

/**
 * The "now" rows of a place (level UNIT) whose as_of is the event time of the event that changed
 * them: each timed from that event entering Kafka (the record's timestamp, set by the producer) to
 * the row being stored ({@code inserted_at}, set by the server). Rows of timers (ageing) have no
 * event of their instant and are not timed.
 */
record NowRows(
    String table,
    ConfigOption<String> topicOption,
    ToLongFunction<byte[]> eventTime,
    Instant measuredFrom)
    implements LatencyProbe {

  @Override
  public String describe() {
    return "event into Kafka → row stored in ClickHouse " + table;
  }

  @Override
  public List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics)
      throws Exception {
    Map<Long, Long> sentAtByEventTime =
        Topics.firstSent(pipeline, topics.get(topicOption), r -> eventTime.applyAsLong(r.value()));
    return Latency.timed(
        pipeline,
        "SELECT toUnixTimestamp64Milli(as_of), toUnixTimestamp64Milli(inserted_at) FROM sakervard."
            + table
            + " WHERE level = 'UNIT' AND as_of >= "
            + Latency.sqlInstant(measuredFrom),
        (rows, out) -> {
          Long sentAt = sentAtByEventTime.get(rows.getLong(1));
          if (sentAt != null) {
            out.add(rows.getLong(2) - sentAt);
          }
        });
  }

  /** An event's time as it decodes it. */
  interface EventTimeOf {
    Instant get() throws UndecodableRecordException;
  }

  /** The event time in epoch milliseconds of a record the latency run sent. */
  static long eventTime(EventTimeOf decode) {
    try {
      return decode.get().toEpochMilli();
    } catch (UndecodableRecordException e) {
      throw new IllegalStateException("The latency run sends no malformed records", e);
    }
  }
}
