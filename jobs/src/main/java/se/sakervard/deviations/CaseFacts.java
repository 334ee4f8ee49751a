package se.sakervard.deviations;

/**
 * What is known of one reported case after the events folded in so far: one row of {@code
 * deviation_cases}. Times are epoch ms; a null time has not happened (yet).
 *
 * @param category the latest classification's, else the report's (likewise type and scales)
 * @param closedAt the close that stands now; null while open (also after a reopening)
 * @param eventAnalysisDeadline reportedAt + the deadline when the case needs an event analysis
 * @param version the number of events folded in: a later state of the case has a higher one
 * @param timeline open or closed, serious or not, over time: for the backlog at past instants (not
 *     a column of {@code deviation_cases})
 */
public record CaseFacts(
    String caseRef,
    String regionCode,
    String hospitalCode,
    String unitCode,
    long occurredAt,
    long reportedAt,
    String category,
    String deviationType,
    int consequence,
    int likelihood,
    boolean seriousCareInjury,
    boolean needsEventAnalysis,
    Long classifiedAt,
    Long investigationStartedAt,
    Long eventAnalysisStartedAt,
    Long eventAnalysisDeadline,
    Long actionsDecidedAt,
    Long firstClosedAt,
    Long closedAt,
    int reopenings,
    Long lexMariaFiledAt,
    Long complaintReceivedAt,
    Long complaintAnsweredAt,
    long version,
    CaseTimeline timeline,
    boolean enteredInError) {

  public int riskScore() {
    return RiskRule.score(consequence, likelihood);
  }

  public boolean open() {
    return closedAt == null;
  }
}
