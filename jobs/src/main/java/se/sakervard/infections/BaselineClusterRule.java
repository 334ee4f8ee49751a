package se.sakervard.infections;

import java.io.Serializable;
import java.time.Duration;

/**
 * A baseline-aware cluster rule (docs/indicators.md, "Clusters"): a unit's run of cases of one
 * pathogen (each within the window of the one before) is a possible outbreak only once some stretch
 * of it holds more cases than the unit's own rate of that pathogen makes likely by chance: n cases
 * from one onset to another, plus one window, whose Poisson probability P(N ≥ n) at the baseline
 * rate is at most {@code alpha} ({@link #flags}). Two norovirus cases hours apart are a cluster at
 * once; a common organism (urinary tract infections of a geriatric ward) needs three or more; a
 * slow outbreak (five C. difficile cases over a month) shows over the long stretch. Surveillance
 * tools such as WHONET-SaTScan test counts against a baseline with such a scan.
 *
 * <p>The baseline rate: the unit's cases of the pathogen in the {@code baseline} period (a year)
 * before the run's first case, the part of that period not yet observed filled with {@code
 * priorPerYear} (our choice: 5 cases a unit-year until the unit's own history says otherwise).
 *
 * @param alpha the largest chance probability of a stretch's count that still flags it (our choice:
 *     0.01)
 */
public record BaselineClusterRule(double alpha, double priorPerYear, Duration baseline)
    implements Serializable {
  public static final double DEFAULT_ALPHA = 0.01;
  public static final double DEFAULT_PRIOR_PER_YEAR = 5;
  public static final Duration DEFAULT_BASELINE = Duration.ofDays(365);
  private static final double YEAR_MS = Duration.ofDays(365).toMillis();

  public BaselineClusterRule {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must lie between 0 and 1; was " + alpha);
    }
    if (!(priorPerYear > 0)) {
      throw new IllegalArgumentException("the prior rate must be positive; was " + priorPerYear);
    }
  }

  public static BaselineClusterRule defaults() {
    return new BaselineClusterRule(DEFAULT_ALPHA, DEFAULT_PRIOR_PER_YEAR, DEFAULT_BASELINE);
  }

  /**
   * The expected cases per millisecond: {@code observedCases} seen over {@code observedMs} of the
   * baseline period, the rest of it at the prior rate.
   */
  public double ratePerMs(long observedCases, long observedMs) {
    long period = baseline.toMillis();
    long observed = Math.max(0, Math.min(observedMs, period));
    double prior = priorPerYear / YEAR_MS * (period - observed);
    return (observedCases + prior) / period;
  }

  /** P(N ≥ n) for N Poisson of mean {@code expected}. */
  public static double atLeast(int n, double expected) {
    double term = Math.exp(-expected);
    double below = 0;
    for (int k = 0; k < n; k++) {
      below += term;
      term *= expected / (k + 1);
    }
    return Math.max(0, 1 - below);
  }

  /**
   * Whether {@code n} cases over {@code spanMs} (from the first case's onset to the last's, plus
   * one window) are more than the baseline rate makes likely.
   */
  public boolean flags(int n, double ratePerMs, long spanMs) {
    return n >= 2 && atLeast(n, ratePerMs * spanMs) <= alpha;
  }
}
