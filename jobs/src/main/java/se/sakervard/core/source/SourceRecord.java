package se.sakervard.core.source;

/**
 * A Kafka record as it arrived: where it came from and its undecoded value; {@code replay} says
 * which job's dead letter it is sent back for ({@link Replay}), null for every other record.
 */
public record SourceRecord(String topic, int partition, long offset, byte[] value, Replay replay) {
  /** A record as its source sent it, no replay. */
  public SourceRecord(String topic, int partition, long offset, byte[] value) {
    this(topic, partition, offset, value, null);
  }
}
