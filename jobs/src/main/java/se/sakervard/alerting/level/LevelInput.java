package se.sakervard.alerting.level;

/**
 * The inputs of the here-and-now level (docs/alerting.md, levels), each with its unit and the
 * direction in which it gets worse. The declaration order is the order in which reasons of equal
 * level are listed.
 */
public enum LevelInput {
  /** Beläggningsgrad: occupied ÷ available beds, in percent (docs/indicators.md, bed census). */
  OCCUPANCY("occupancy", Unit.PERCENT, Direction.HIGHER_IS_WORSE, "level.occupancy"),
  /** Överbeläggningar per 100 available beds (docs/indicators.md, bed census). */
  OVERCROWDING("overcrowding", Unit.PER_100_BEDS, Direction.HIGHER_IS_WORSE, "level.overcrowding"),
  /** Utlokaliserade patienter per 100 available beds (docs/indicators.md, bed census). */
  OUTLYING("outlying patients", Unit.PER_100_BEDS, Direction.HIGHER_IS_WORSE, "level.outlying"),
  /**
   * Deviation cases classified as allvarlig vårdskada (the lex Maria candidates, §2) in the last 7
   * days.
   */
  SERIOUS_CARE_INJURIES_7_DAYS(
      "serious care injuries in 7 days",
      Unit.COUNT,
      Direction.HIGHER_IS_WORSE,
      "level.serious-care-injuries-7-days"),
  /** Open infection clusters, possible outbreaks (docs/indicators.md, infections). */
  ACTIVE_CLUSTERS(
      "active infection clusters", Unit.COUNT, Direction.HIGHER_IS_WORSE, "level.active-clusters"),
  /**
   * PPM-BHK: percent of hygiene observations correct on all steps (docs/indicators.md, infections);
   * lower is worse.
   */
  HYGIENE_COMPLIANCE(
      "hygiene compliance", Unit.PERCENT, Direction.LOWER_IS_WORSE, "level.hygiene-compliance");

  /** How a value is measured, and so how it is printed in a reason. */
  public enum Unit {
    PERCENT,
    PER_100_BEDS,
    COUNT
  }

  /**
   * Which way is worse, and what "reaching" a threshold means. Higher-is-worse inputs reach a
   * threshold at or above it ({@code ≥}); lower-is-worse inputs only strictly below it ({@code <}):
   * a hygiene compliance of exactly 80% is not below 80%, as in "an action plan below 80%".
   */
  public enum Direction {
    HIGHER_IS_WORSE("≥"),
    LOWER_IS_WORSE("<");

    private final String symbol;

    Direction(String symbol) {
      this.symbol = symbol;
    }

    /** Whether {@code value} reaches {@code threshold} in this direction. */
    public boolean reaches(double value, double threshold) {
      return this == HIGHER_IS_WORSE ? value >= threshold : value < threshold;
    }

    /** The comparison as printed in a reason: ≥ or &lt;. */
    public String symbol() {
      return symbol;
    }
  }

  private final String label;
  private final Unit unit;
  private final Direction direction;
  private final String configKey;

  LevelInput(String label, Unit unit, Direction direction, String configKey) {
    this.label = label;
    this.unit = unit;
    this.direction = direction;
    this.configKey = configKey;
  }

  /** The words a reason starts with, e.g. "occupancy". */
  public String label() {
    return label;
  }

  public Unit unit() {
    return unit;
  }

  public Direction direction() {
    return direction;
  }

  /** The configuration key of its three thresholds, e.g. {@code level.occupancy}. */
  public String configKey() {
    return configKey;
  }
}
