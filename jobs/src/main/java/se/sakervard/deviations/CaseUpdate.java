package se.sakervard.deviations;

/**
 * A case's facts before and after an event: what the aggregates take out and put back in. A case
 * closed as entered in error is counted nowhere ({@link #countedAfter} null): it is taken out as if
 * it had never been reported.
 *
 * @param before null the first time the case has facts (its report arrived)
 * @param at the newest event time of the case's events folded in: the instant the facts are at,
 *     whatever order the events arrived in
 */
public record CaseUpdate(CaseFacts before, CaseFacts after, long at) {

  /** The facts before as the figures count them: null if none or entered in error. */
  public CaseFacts countedBefore() {
    return before == null || before.enteredInError() ? null : before;
  }

  /** The facts after as the figures count them: null once the case is entered in error. */
  public CaseFacts countedAfter() {
    return after.enteredInError() ? null : after;
  }

  /** Whether the figures see any change: a case entered in error before and after is none. */
  public boolean counts() {
    return countedBefore() != null || countedAfter() != null;
  }
}
