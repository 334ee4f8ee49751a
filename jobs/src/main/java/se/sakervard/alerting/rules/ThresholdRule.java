package se.sakervard.alerting.rules;

import java.time.Duration;
import se.sakervard.schemas.pipeline.Level;

/**
 * Fires when an indicator of a place stays beyond {@code fireAt} for {@code forDuration}, and
 * resolves only when it has come back beyond {@code resolveAt} (on the safe side of {@code fireAt})
 * for {@code resolveFor}: the hysteresis that keeps a value hovering at the threshold from paging
 * again and again.
 *
 * @param indicator an indicator name as published on the indicators topic
 * @param level the places the rule watches: every unit, hospital or region
 * @param period the indicator's period kind, e.g. CURRENT or ROLLING_30_DAYS
 * @param minDenominator a value whose denominator (observations, beds) is smaller is not judged: a
 *     share from 4 observations must not alert; 0 judges every value
 * @param above true: higher is worse (fires at value ≥ fireAt, resolves at value ≤ resolveAt);
 *     false: lower is worse
 */
public record ThresholdRule(
    String name,
    String indicator,
    Level level,
    String period,
    boolean above,
    double fireAt,
    double resolveAt,
    Duration forDuration,
    Duration resolveFor,
    double minDenominator,
    Urgency urgency,
    String rationale)
    implements AlertRule {

  /** Whether a value rests on enough (observations, beds) to be judged at all. */
  public boolean judges(Double denominator) {
    return minDenominator <= 0 || (denominator != null && denominator >= minDenominator);
  }
}
