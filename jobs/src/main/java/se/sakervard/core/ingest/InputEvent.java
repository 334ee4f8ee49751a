package se.sakervard.core.ingest;

import se.sakervard.core.source.SourceRecord;

/** What the shared ingest steps need of any decoded input event. */
public interface InputEvent {
  String eventId();

  /** Event time, epoch milliseconds: when it happened in care. */
  long eventTime();

  /** The Kafka record it was decoded from, kept so a late event can be dead-lettered whole. */
  SourceRecord origin();
}
