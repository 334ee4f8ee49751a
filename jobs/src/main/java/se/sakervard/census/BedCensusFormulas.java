package se.sakervard.census;

import java.util.OptionalDouble;

/**
 * The bed-census indicators of docs/indicators.md (bed census), as plain arithmetic.
 *
 * <p>Rates at any level are ratios of sums ({@code 100 × Σ overcrowded ÷ Σ available}), never an
 * average of unit rates; callers pass sums (or time-weighted means) of the units below.
 */
public final class BedCensusFormulas {
  private BedCensusFormulas() {}

  /** Överbeläggningar: patients beyond the available beds, {@code max(0, occupied − available)}. */
  public static int overcrowded(int occupied, int available) {
    return Math.max(0, occupied - available);
  }

  /**
   * Överbeläggningar per 100 disponibla vårdplatser. Empty when no beds are available: with zero
   * beds every patient is overcrowded, but a rate per 100 beds is undefined, not infinite.
   */
  public static OptionalDouble overcrowdingPer100Beds(double overcrowded, double available) {
    return per100(overcrowded, available);
  }

  /** Utlokaliserade patienter per 100 disponibla vårdplatser; empty without available beds. */
  public static OptionalDouble outlyingPer100Beds(double outlying, double available) {
    return per100(outlying, available);
  }

  /** Beläggningsgrad in percent of available beds; empty (undefined) without available beds. */
  public static OptionalDouble occupancyPercent(double occupied, double available) {
    return per100(occupied, available);
  }

  /**
   * Vårddagar: the time integral of occupied beds over a period, in days. {@code meanOccupied} is
   * the time-weighted mean over a period of {@code periodMillis} (a local day lasts 23 or 25 hours
   * when the clocks change, and counts as such).
   */
  public static double patientDays(double meanOccupied, long periodMillis) {
    return meanOccupied * periodMillis / 86_400_000.0;
  }

  private static OptionalDouble per100(double count, double available) {
    return available > 0 ? OptionalDouble.of(100.0 * count / available) : OptionalDouble.empty();
  }
}
