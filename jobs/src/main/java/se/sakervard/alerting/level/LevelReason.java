package se.sakervard.alerting.level;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One input that raised a place's level: its value, the threshold it reached and the level that
 * threshold belongs to. A level always carries its reasons (docs/alerting.md, levels), so that
 * whoever reads it can check it against the figures.
 *
 * @param observations for a sampled input (hygiene compliance), how many observations the value
 *     rests on; 0 for the others
 * @param heldBack why the input raises the level to {@code level} only, below the level its
 *     threshold belongs to (too few observations, too old); empty when it is not held back
 */
public record LevelReason(
    LevelInput input,
    double value,
    double threshold,
    int level,
    int observations,
    String heldBack) {

  public LevelReason {
    if (input == null) {
      throw new IllegalArgumentException("a reason needs its input");
    }
    if (level < 2 || level > 4) {
      throw new IllegalArgumentException("a reason raises the level to 2, 3 or 4; was " + level);
    }
  }

  /** A reason of an input that is not sampled. */
  public LevelReason(LevelInput input, double value, double threshold, int level) {
    this(input, value, threshold, level, 0, "");
  }

  /** A reason that is not held back. */
  public LevelReason(
      LevelInput input, double value, double threshold, int level, int observations) {
    this(input, value, threshold, level, observations, "");
  }

  /**
   * E.g. "occupancy 96.2% ≥ 95% (level 3)", "overcrowding 8.3 ≥ 5 per 100 available beds (level 2)"
   * or "hygiene compliance 72.0% &lt; 80% over 12 observations (level 2)".
   */
  public String explain() {
    String unit = input.unit() == LevelInput.Unit.PERCENT ? "%" : "";
    String tail = input.unit() == LevelInput.Unit.PER_100_BEDS ? " per 100 available beds" : "";
    String sample =
        observations > 0
            ? " over " + observations + (observations == 1 ? " observation" : " observations")
            : "";
    return input.label()
        + " "
        + printedValue()
        + unit
        + " "
        + input.direction().symbol()
        + " "
        + plain(threshold)
        + unit
        + tail
        + sample
        + " (level "
        + level
        + (heldBack.isEmpty() ? "" : ", " + heldBack)
        + ")";
  }

  @Override
  public String toString() {
    return explain();
  }

  /**
   * The value as printed: counts whole, others to one decimal, or more decimals where one would
   * make the comparison read false (79.96% printed as "80.0% &lt; 80%").
   */
  private String printedValue() {
    if (input.unit() == LevelInput.Unit.COUNT && value == Math.rint(value)) {
      return plain(value);
    }
    boolean reaches = input.direction().reaches(value, threshold);
    for (int decimals = 1; ; decimals++) {
      String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
      if (decimals >= 6 || input.direction().reaches(Double.parseDouble(s), threshold) == reaches) {
        return s;
      }
    }
  }

  /** A threshold as configured: 95 not 95.0, 92.5 as 92.5. */
  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
