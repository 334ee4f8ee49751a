package se.sakervard.infections;

/**
 * Infection incidence per 1000 patient days over the 30 local days ending with a day
 * (docs/indicators.md, infections): {@code 1000 × cases ÷ patient days}, both summed over the same
 * 30 days, so a denominator that changes within the window weighs each day by its own patient days.
 *
 * @param day the local day the 30 days end with, as days since 1970-01-01
 * @param cases cases with onset in the 30 days
 * @param patientDays patient days (vårddagar) of the 30 days, from the census
 */
public record ThirtyDayIncidence(int day, long cases, double patientDays) {
  public static final int DAYS = 30;

  /** A value per local day (days since 1970-01-01); zero for a day without any. */
  @FunctionalInterface
  public interface PerDay {
    double of(int day) throws Exception;
  }

  public static ThirtyDayIncidence of(int day, PerDay cases, PerDay patientDays) throws Exception {
    long n = 0;
    double days = 0;
    for (int d = day - DAYS + 1; d <= day; d++) {
      n += (long) cases.of(d);
      days += patientDays.of(d);
    }
    return new ThirtyDayIncidence(day, n, days);
  }

  /** Per 1000 patient days; null without patient days (a unit not yet in the census). */
  public Double per1000PatientDays() {
    return patientDays > 0 ? 1000.0 * cases / patientDays : null;
  }
}
