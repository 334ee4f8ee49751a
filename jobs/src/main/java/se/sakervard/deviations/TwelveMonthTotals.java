package se.sakervard.deviations;

import java.time.LocalDate;

/**
 * Cases reported in the 12 months ending with a local day, and in the 12 months before those: the
 * yearly report's total and its change ("+10%"), rolling. Twelve months are elapsed time ending at
 * the day's end (the next local midnight) and starting at the same local time 12 calendar months
 * before, so they hold whole local days.
 *
 * @param day the local day the 12 months end with, as days since 1970-01-01
 * @param reportedOnDay cases reported on that day
 * @param last12Months cases reported in the 12 months ending with the day
 * @param previous12Months cases reported in the 12 months before those
 */
public record TwelveMonthTotals(
    int day, long reportedOnDay, long last12Months, long previous12Months) {

  /** Cases reported per local day (days since 1970-01-01); zero for a day without any. */
  @FunctionalInterface
  public interface DayTotals {
    long of(int day) throws Exception;
  }

  /** The first day of the {@code months} months that end with {@code day}. */
  static int firstDayOf(int months, int day) {
    return (int) LocalDate.ofEpochDay(day + 1L).minusMonths(months).toEpochDay();
  }

  /** The totals of a day, summed from the day totals of the 24 months ending with it. */
  public static TwelveMonthTotals of(int day, DayTotals totals) throws Exception {
    int twelve = firstDayOf(12, day);
    return new TwelveMonthTotals(
        day,
        totals.of(day),
        sum(totals, twelve, day + 1),
        sum(totals, firstDayOf(24, day), twelve));
  }

  /** The next day's totals, from this day's: what enters the windows and what leaves them. */
  public TwelveMonthTotals next(DayTotals totals) throws Exception {
    int nextDay = day + 1;
    long onNextDay = totals.of(nextDay);
    // Days that leave the last 12 months enter the previous 12 (0 to 3 days at month ends).
    long moved = sum(totals, firstDayOf(12, day), firstDayOf(12, nextDay));
    long dropped = sum(totals, firstDayOf(24, day), firstDayOf(24, nextDay));
    return new TwelveMonthTotals(
        nextDay, onNextDay, last12Months + onNextDay - moved, previous12Months + moved - dropped);
  }

  /** The change against the previous 12 months in %, or null when those had no report. */
  public Double changePercent() {
    return previous12Months == 0
        ? null
        : 100.0 * (last12Months - previous12Months) / previous12Months;
  }

  /** Nothing reported in the 24 months: the place's totals stay zero until its next report. */
  public boolean empty() {
    return last12Months == 0 && previous12Months == 0;
  }

  private static long sum(DayTotals totals, int from, int toExclusive) throws Exception {
    long sum = 0;
    for (int d = from; d < toExclusive; d++) {
      sum += totals.of(d);
    }
    return sum;
  }
}
