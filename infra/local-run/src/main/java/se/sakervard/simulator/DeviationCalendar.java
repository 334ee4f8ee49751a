package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.DAY;
import static se.sakervard.simulator.CareCalendar.HOUR;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * When deviations happen and when they are written down, in local Swedish time. Times are epoch
 * milliseconds.
 */
final class DeviationCalendar {
  /**
   * Deviations by local hour: around the clock, most when most care is given: rounds, medication
   * and procedures in the day, fewer staff and patients awake at night (our choice).
   */
  private static final double[] HOUR_WEIGHTS =
      meanOne(
          0.55, 0.5, 0.5, 0.5, 0.5, 0.6, 0.8, 1.1, 1.35, 1.45, 1.45, 1.4, 1.35, 1.4, 1.4, 1.35,
          1.25, 1.2, 1.15, 1.1, 1.0, 0.85, 0.7, 0.6);

  /** Deviations by weekday, Monday first: planned care on weekdays adds some (our choice). */
  private static final double[] DAY_WEIGHTS = meanOne(1.06, 1.06, 1.05, 1.05, 1.03, 0.87, 0.88);

  /**
   * Office hours, weekdays 08:00-17:00: when most reports are written, because staff write them
   * when there is time and the reporting system is at hand, often the next working day.
   */
  private static final int OFFICE_OPENS = 8;

  private static final int OFFICE_CLOSES = 17;

  /**
   * Share of the reports that would come out of office hours but wait for the next working day (our
   * choice): with office hours being 27% of the week, about 75% of reports are written in them,
   * "mostly on weekday daytime".
   */
  static final double WAITS_FOR_OFFICE_HOURS = 0.65;

  /**
   * From the deviation to the moment the reporter sits down to write, before waiting for office
   * hours: median 10 hours (the end of the shift or the next day), a tail of weeks for deviations
   * found late (our choice; with the wait the median reporting delay is about a day).
   */
  static final LognormalDelay TIME_TO_WRITE = new LognormalDelay(10.0 / 24, 1.5);

  /** Writing takes a while, however quick. */
  private static final long MIN_TIME_TO_WRITE = 10 * 60_000L;

  /** Later reports are so rare that leaving them out changes nothing; bounds the warm-up. */
  static final long MAX_TIME_TO_WRITE = 90 * DAY;

  /** The longest a report can wait for office hours: from Friday 17:00 to Monday 17:00. */
  static final long MAX_WAIT_FOR_OFFICE = 3 * DAY;

  private DeviationCalendar() {}

  /** Relative rate of deviations at this local time; averages 1 over a week. */
  static double occurrenceIntensity(LocalDateTime t) {
    return HOUR_WEIGHTS[t.getHour()] * DAY_WEIGHTS[t.getDayOfWeek().getValue() - 1];
  }

  /** When a deviation that occurred at {@code occurred} is reported. */
  static long reportTime(long occurred, SplittableRandom rng) {
    long delay = TIME_TO_WRITE.sampleMillis(rng);
    long written = occurred + Math.min(MAX_TIME_TO_WRITE, Math.max(MIN_TIME_TO_WRITE, delay));
    LocalDateTime local = CareCalendar.local(written);
    if (officeHours(local) || rng.nextDouble() >= WAITS_FOR_OFFICE_HOURS) {
      return written;
    }
    LocalDate day = local.toLocalDate();
    if (local.getHour() >= OFFICE_OPENS) {
      day = day.plusDays(1);
    }
    while (weekend(day)) {
      day = day.plusDays(1);
    }
    // The sum of two uniforms puts most reports around midday.
    double window = (rng.nextDouble() + rng.nextDouble()) / 2;
    long hours = OFFICE_CLOSES - OFFICE_OPENS;
    return CareCalendar.millis(day, LocalTime.of(OFFICE_OPENS, 0)) + (long) (window * hours * HOUR);
  }

  /** Weekdays from 08:00 to 17:00. */
  static boolean officeHours(LocalDateTime t) {
    return !weekend(t.toLocalDate()) && t.getHour() >= OFFICE_OPENS && t.getHour() < OFFICE_CLOSES;
  }

  private static boolean weekend(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static double[] meanOne(double... weights) {
    double mean = Arrays.stream(weights).average().orElseThrow();
    return Arrays.stream(weights).map(w -> w / mean).toArray();
  }
}
