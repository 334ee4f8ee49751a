package se.sakervard.core.source;

/** A Kafka record as it arrived: where it came from and its undecoded value. */
public record SourceRecord(String topic, int partition, long offset, byte[] value) {}
