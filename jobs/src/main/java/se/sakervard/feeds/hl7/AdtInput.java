package se.sakervard.feeds.hl7;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/** An ADT message read from the raw topic, with its visit's stay reference. */
public record AdtInput(AdtMessage message, String stayRef, SourceRecord origin)
    implements InputEvent {
  @Override
  public String eventId() {
    return "hl7:" + message.sendingFacility() + ":" + message.controlId();
  }

  @Override
  public long eventTime() {
    return message.eventTime();
  }
}
