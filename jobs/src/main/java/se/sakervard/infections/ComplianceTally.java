package se.sakervard.infections;

/**
 * Hygiene compliance of a set of observations: how many, and how many correct on all steps, on the
 * hygiene steps and on the dress-code steps; each share with its 95% Wilson interval, so that 2 of
 * 3 (67%, 21–94%) reads differently from 200 of 300 (67%, 61–72%).
 */
public record ComplianceTally(
    long observations, long allCorrect, long hygieneCorrect, long dressCodeCorrect) {
  public static final ComplianceTally EMPTY = new ComplianceTally(0, 0, 0, 0);

  public ComplianceTally plus(HygieneSteps o, int sign) {
    return new ComplianceTally(
        observations + sign,
        allCorrect + (o.allCorrect() ? sign : 0),
        hygieneCorrect + (o.hygieneCorrect() ? sign : 0),
        dressCodeCorrect + (o.dressCodeCorrect() ? sign : 0));
  }

  /** % of the observations correct, or null without observations. */
  public static Double percent(long correct, long observations) {
    return observations == 0 ? null : 100.0 * correct / observations;
  }

  /**
   * The 95% Wilson score interval of {@code correct} of {@code observations}, in %: {lower, upper}
   * (null without observations). Unlike the normal approximation it stays within 0–100 and is wide
   * for few observations.
   */
  public static double[] wilson95(long correct, long observations) {
    if (observations == 0) {
      return null;
    }
    double z = 1.959963984540054;
    double n = observations;
    double p = correct / n;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return new double[] {100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)};
  }
}
