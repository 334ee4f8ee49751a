package se.sakervard.alerting;

/**
 * How an alert reaches people. Alarm fatigue is the failure mode (domain.md §5): only critical
 * alerts page the on-call chief physician; warnings go to the dashboard and the digest.
 */
public enum Severity {
  /**
   * Pages the on-call chief physician (chefläkare i beredskap), escalates when not acknowledged.
   */
  CRITICAL,
  /** Shown on the dashboard and sent in the digest; never pages. */
  WARNING
}
