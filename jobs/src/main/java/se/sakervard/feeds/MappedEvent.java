package se.sakervard.feeds;

import se.sakervard.schemas.census.CensusEvent;

/** A census event mapped from an ADT message, for the census topic's partition of that message. */
public record MappedEvent(CensusEvent event, int partition) {}
