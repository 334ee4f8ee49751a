package se.sakervard.deviations;

/**
 * A case's facts before and after an event: what the aggregates take out and put back in.
 *
 * @param before null the first time the case has facts (its report arrived)
 * @param at the event time of the event that made the change
 */
public record CaseUpdate(CaseFacts before, CaseFacts after, long at) {}
