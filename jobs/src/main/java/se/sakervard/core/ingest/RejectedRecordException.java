package se.sakervard.core.ingest;

import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Why a record cannot be used. {@code withholdRaw} is set when the raw bytes must not be kept, e.g.
 * because a field holds what looks like a personal identity number.
 */
public final class RejectedRecordException extends Exception {
  private final DeadLetterReason reason;
  private final String eventId;
  private final Long eventTime;
  private final boolean withholdRaw;

  public RejectedRecordException(
      DeadLetterReason reason, String detail, String eventId, Long eventTime, boolean withholdRaw) {
    super(detail);
    this.reason = reason;
    this.eventId = eventId;
    this.eventTime = eventTime;
    this.withholdRaw = withholdRaw;
  }

  public DeadLetterReason reason() {
    return reason;
  }

  public String eventId() {
    return eventId;
  }

  public Long eventTime() {
    return eventTime;
  }

  public boolean withholdRaw() {
    return withholdRaw;
  }
}
