package se.sakervard.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rhythms of hospital care in local Swedish time: when patients arrive, when they go home, when
 * units move patients, and when staffing changes. Times are epoch milliseconds.
 */
final class CareCalendar {
  static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  /** Arrivals by local hour: emergencies around the clock, most in the day and evening. */
  private static final double[] HOUR_WEIGHTS =
      meanOne(
          0.45, 0.35, 0.3, 0.3, 0.3, 0.35, 0.5, 0.75, 1.1, 1.35, 1.5, 1.55, 1.5, 1.5, 1.45, 1.4,
          1.35, 1.3, 1.2, 1.1, 1.0, 0.85, 0.7, 0.55);

  /** Arrivals by weekday, Monday first: planned admissions happen on weekdays. */
  private static final double[] DAY_WEIGHTS = meanOne(1.12, 1.08, 1.05, 1.05, 1.0, 0.82, 0.88);

  /** Planned care slows down in summer, though less than beds close. */
  private static final double SUMMER_ARRIVALS = 0.85;

  /** Deaths, self-discharges and evening discharges do not wait for the daytime round. */
  private static final double UNPLANNED_DISCHARGE_SHARE = 0.15;

  /** A share of the patients ready on a weekend waits for Monday's round. */
  private static final double WEEKEND_POSTPONED_SHARE = 0.3;

  private CareCalendar() {}

  static LocalDateTime local(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZONE);
  }

  static long millis(LocalDate day, LocalTime time) {
    return day.atTime(time).atZone(ZONE).toInstant().toEpochMilli();
  }

  /** Weeks 27-32, when units close beds for staff holidays. */
  static boolean summer(LocalDate day) {
    int week = day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    return week >= 27 && week <= 32;
  }

  /** Five-day wards close beds from Friday 16:00 and reopen Sunday 18:00 for Monday's patients. */
  static boolean weekendClosure(LocalDateTime t) {
    return switch (t.getDayOfWeek()) {
      case FRIDAY -> t.getHour() >= 16;
      case SATURDAY -> true;
      case SUNDAY -> t.getHour() < 18;
      default -> false;
    };
  }

  /** Relative arrival rate at this local time; averages 1 over an ordinary week. */
  static double arrivalIntensity(LocalDateTime t) {
    double weight = HOUR_WEIGHTS[t.getHour()] * DAY_WEIGHTS[t.getDayOfWeek().getValue() - 1];
    return summer(t.toLocalDate()) ? weight * SUMMER_ARRIVALS : weight;
  }

  /**
   * When a patient medically ready at {@code ready} actually leaves: mostly between 10:00 and 16:00
   * on that day (Monday for some weekend days), never before {@code earliest}.
   */
  static long dischargeTime(long earliest, long ready, SplittableRandom rng) {
    if (rng.nextDouble() < UNPLANNED_DISCHARGE_SHARE) {
      return Math.max(earliest, ready);
    }
    LocalDate day = local(ready).toLocalDate();
    if (weekend(day) && rng.nextDouble() < WEEKEND_POSTPONED_SHARE) {
      day = day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    }
    // The sum of two uniforms peaks the discharges around 13:00.
    double window = (rng.nextDouble() + rng.nextDouble()) / 2;
    long time = millis(day, LocalTime.of(10, 0)) + (long) (window * 6 * HOUR);
    while (time < earliest) {
      time += DAY;
    }
    return time;
  }

  /** Moves between units wait for daytime staff: from 20:00 to 08:00 they wait for the morning. */
  static long daytime(long t, SplittableRandom rng) {
    LocalDateTime local = local(t);
    if (local.getHour() >= 8 && local.getHour() < 20) {
      return t;
    }
    LocalDate day = local.getHour() >= 20 ? local.toLocalDate().plusDays(1) : local.toLocalDate();
    return millis(day, LocalTime.of(8, 0)) + rng.nextLong(2 * HOUR);
  }

  private static boolean weekend(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static double[] meanOne(double... weights) {
    double mean = Arrays.stream(weights).average().orElseThrow();
    return Arrays.stream(weights).map(w -> w / mean).toArray();
  }
}
