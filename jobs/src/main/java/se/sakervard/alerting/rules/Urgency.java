package se.sakervard.alerting.rules;

/**
 * What an alert asks of people, and so how it reaches them (docs/alerting.md, "What pages, when").
 * Alarm fatigue is the failure mode: 85-99% of clinical alarms need no action, and acceptance of
 * alerts falls with every extra reminder, so only what needs action now pages at any hour.
 */
public enum Urgency {
  /**
   * Act now: pages the on-call chief physician (chefläkare i beredskap) at any hour, escalates to
   * the next on-call level when not acknowledged, and is reminded.
   */
  ACT_NOW,
  /**
   * Act today: in the region's morning digest and on the dashboard; never pages at night, never
   * escalates, never reminds.
   */
  ACT_TODAY,
  /** Know: on the dashboard and in the audit trail only. */
  KNOW;

  /** As in the rules file: act-now, act-today, know. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
