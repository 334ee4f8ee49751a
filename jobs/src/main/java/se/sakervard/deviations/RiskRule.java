package se.sakervard.deviations;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a case calls for an event analysis (händelseanalys), and by when it must start: risk score
 * (consequence × likelihood, each 1-4) at or above {@code riskScore}, or consequence at or above
 * {@code consequence} (docs/indicators.md, deviations: a municipal routine's 8 and 3, our default;
 * configurable).
 */
public record RiskRule(int riskScore, int consequence, Duration deadline) implements Serializable {

  public static int score(int consequence, int likelihood) {
    return consequence * likelihood;
  }

  public boolean needsEventAnalysis(int consequence, int likelihood) {
    return score(consequence, likelihood) >= riskScore || consequence >= this.consequence;
  }
}
