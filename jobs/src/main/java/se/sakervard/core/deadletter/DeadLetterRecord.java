package se.sakervard.core.deadletter;

import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * A record the job could not use, on its way to the dead-letter topic. {@code rawValue} is the
 * record as it arrived, null only where keeping it would keep a personal identity number.
 */
public record DeadLetterRecord(
    String job,
    String sourceTopic,
    int partition,
    long offset,
    DeadLetterReason reason,
    String detail,
    String eventId,
    Long eventTime,
    byte[] rawValue) {

  public static DeadLetterRecord of(
      String job, SourceRecord source, DeadLetterReason reason, String detail) {
    return new DeadLetterRecord(
        job,
        source.topic(),
        source.partition(),
        source.offset(),
        reason,
        detail,
        null,
        null,
        source.value());
  }
}
