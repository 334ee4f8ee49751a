package se.sakervard.infections;

import se.sakervard.core.time.LocalCalendar;

/**
 * Infection incidence per 1000 patient days over the 30 days (720 elapsed hours) ending with a day
 * (docs/indicators.md, infections): {@code 1000 × cases ÷ patient days}, both summed over the same
 * 30 days, so a denominator that changes within the window weighs each day by its own patient days.
 *
 * @param day the local day the 30 days end with, as days since 1970-01-01
 * @param cases cases with onset in the 30 days
 * @param patientDays patient days (vårddagar) of the 30 days, from the census
 */
public record ThirtyDayIncidence(int day, long cases, double patientDays) {
  public static final int DAYS = 30;

  /** The window: 30 × 24 elapsed hours ending with the day (docs/indicators.md, conventions). */
  public static final long WINDOW_MS = DAYS * 24 * 3_600_000L;

  /**
   * Where the 30 days ending with {@code day} begin, in elapsed time: the end of the day minus 720
   * hours. That is the start of the 30th local day back, an hour earlier when a 23-hour day is
   * among them, an hour later when a 25-hour day is.
   */
  public static long windowStart(int day, LocalCalendar calendar) {
    return calendar.dayEnd(day) - WINDOW_MS;
  }

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
