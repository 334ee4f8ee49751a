package se.sakervard.alerting.level;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The level a hospital's units suggest, as plain arithmetic (docs/alerting.md, "A hospital's level
 * and its units"). A hospital's own figures are sums over its units, so a hospital-wide occupancy
 * of 90% can hide a unit with every bed overcrowded; as NHS England's OPEL framework aggregates a
 * system from its parts with one scoring method, the hospital takes the worse of its own level and
 * this one:
 *
 * <ul>
 *   <li>4 when at least {@code share} of its units are at level 4;
 *   <li>3 when at least {@code share} of its units are at level 3 or 4;
 *   <li>2 when any unit is at level 4, or at least {@code share} of its units are at level 2 or
 *       above;
 *   <li>else 1.
 * </ul>
 *
 * Units are counted, not weighted by beds: a unit's own level already scales with its size (its
 * rates are per 100 available beds). The share is {@value #DEFAULT_SHARE} by default (our choice):
 * a quarter of a hospital's units under strain is the hospital's strain.
 *
 * @param share the share of units, above 0 and at most 1
 */
public record HospitalUnitsLevel(double share) implements Serializable {
  public static final double DEFAULT_SHARE = 0.25;

  /** The configuration key of {@link #share}, in the level thresholds file. */
  public static final String SHARE_KEY = "level.hospital-units-share";

  public HospitalUnitsLevel {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(
          SHARE_KEY + ": expected a share above 0 and at most 1, such as 0.25; was " + share);
    }
  }

  public static HospitalUnitsLevel defaults() {
    return new HospitalUnitsLevel(DEFAULT_SHARE);
  }

  /**
   * The level the units suggest, with its reason (empty at level 1).
   *
   * @param unitsAtLevel how many units are at level 1, 2, 3 and 4 (index 0 to 3)
   * @param critical the units at level 4, for the reason
   */
  public Suggested of(int[] unitsAtLevel, List<String> critical) {
    int n = unitsAtLevel[0] + unitsAtLevel[1] + unitsAtLevel[2] + unitsAtLevel[3];
    int at4 = unitsAtLevel[3];
    int at3 = at4 + unitsAtLevel[2];
    int at2 = at3 + unitsAtLevel[1];
    double needed = share * n;
    if (n > 0 && at4 >= needed) {
      return new Suggested(4, count(at4, n, "at level 4") + atLeastShare());
    }
    if (n > 0 && at3 >= needed) {
      return new Suggested(3, count(at3, n, "at level 3 or 4") + atLeastShare());
    }
    if (at4 > 0) {
      return new Suggested(
          2, count(at4, n, "at level 4") + " (" + String.join(", ", critical) + ")");
    }
    if (n > 0 && at2 >= needed) {
      return new Suggested(2, count(at2, n, "at level 2 or above") + atLeastShare());
    }
    return new Suggested(1, "");
  }

  private String atLeastShare() {
    return String.format(Locale.ROOT, " (at least %.0f%%)", 100 * share);
  }

  private static String count(int k, int n, String what) {
    return "units " + what + ": " + k + " of " + n;
  }

  /**
   * @param reason e.g. "units at level 4: 1 of 19 (A1-H1-U7) (level 2)"
   */
  public record Suggested(int level, String reason) {
    /** The reason as a hospital level lists it, with the level it suggests. */
    public String explain() {
      return reason + " (level " + level + ")";
    }
  }
}
