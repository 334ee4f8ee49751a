package se.sakervard.deviations;

/**
 * A case's facts before and after an event: what the aggregates take out and put back in.
 *
 * @param before null the first time the case has facts (its report arrived)
 * @param at the newest event time of the case's events folded in: the instant the facts are at,
 *     whatever order the events arrived in
 */
public record CaseUpdate(CaseFacts before, CaseFacts after, long at) {}
