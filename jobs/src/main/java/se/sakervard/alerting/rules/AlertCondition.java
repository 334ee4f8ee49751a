package se.sakervard.alerting.rules;

/**
 * When an alert fires and when it resolves: beyond {@code fireAt} for {@code forMs}, back beyond
 * {@code resolveAt} for {@code resolveForMs}. The gap between the two thresholds is the hysteresis.
 *
 * @param above true: higher is worse (fires at value ≥ fireAt, resolves at value ≤ resolveAt)
 */
public record AlertCondition(
    boolean above, double fireAt, double resolveAt, long forMs, long resolveForMs) {

  public static AlertCondition of(ThresholdRule r) {
    return new AlertCondition(
        r.above(),
        r.fireAt(),
        r.resolveAt(),
        r.forDuration().toMillis(),
        r.resolveFor().toMillis());
  }

  /** A level rule: fires at level {@code atLeast} or above, resolves below it. */
  public static AlertCondition of(LevelRule r) {
    return new AlertCondition(
        true, r.atLeast(), r.atLeast() - 1, r.forDuration().toMillis(), r.resolveFor().toMillis());
  }

  public boolean breaches(double value) {
    return above ? value >= fireAt : value <= fireAt;
  }

  public boolean clears(double value) {
    return above ? value <= resolveAt : value >= resolveAt;
  }
}
