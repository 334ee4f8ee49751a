package se.sakervard.simulator;

/**
 * Per-case probabilities of the faults peculiar to deviation cases, whose events belong together
 * over months: a job that joins them by case must cope with each. They come on top of the
 * per-record {@link FaultRates}, and each has its own {@link RecordKind} so tests and benchmarks
 * can count them.
 *
 * @param reportAfterClose the case's CaseReported is sent 1 hour to 2 days after its (first)
 *     CaseClosed, its event time unchanged ({@link RecordKind#REPORT_AFTER_CLOSE}), as when a
 *     source system's export of new cases lags behind its lifecycle feed; only cases closed within
 *     the simulated period can have it
 * @param orphanEvent an extra CaseClosed or ActionsDecided, 1 hour to 7 days after a case's report,
 *     for a new caseRef that is never reported ({@link RecordKind#ORPHAN_EVENT}), as when a case is
 *     deleted or was created in a unit outside the feed
 * @param impossibleOrder an extra CaseClosed of the case with an event time 1-30 days before the
 *     case occurred, sent 1 hour to 7 days after its report ({@link RecordKind#IMPOSSIBLE_ORDER}),
 *     as when a date is mistyped; dropped when that time falls before the simulated period
 */
public record DeviationFaultRates(
    double reportAfterClose, double orphanEvent, double impossibleOrder) {

  public DeviationFaultRates {
    requireProbability("reportAfterClose", reportAfterClose);
    requireProbability("orphanEvent", orphanEvent);
    requireProbability("impossibleOrder", impossibleOrder);
  }

  /** No faults: every case reported before anything else happens to it, all in order. */
  public static DeviationFaultRates none() {
    return new DeviationFaultRates(0, 0, 0);
  }

  /**
   * 0.2% of cases reported after their close, 0.1% with an orphan event, 0.05% with an impossible
   * close (our choice: rare, as in a working integration, but a national year still has hundreds).
   */
  public static DeviationFaultRates typical() {
    return new DeviationFaultRates(0.002, 0.001, 0.0005);
  }

  private static void requireProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + p);
    }
  }
}
