package se.sakervard.feeds;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/**
 * A hospital feed's message read from its raw topic, with its visit's stay reference.
 *
 * @param message the message as read (identifiers still in clear: it never leaves the feed job)
 * @param stayRef the visit's keyed hash
 * @param eventId the message's own id (HL7: sender and MSH-10)
 * @param eventTime when the message says it happened, epoch ms
 */
public record FeedInput<M>(
    M message, String stayRef, String eventId, long eventTime, SourceRecord origin)
    implements InputEvent {}
