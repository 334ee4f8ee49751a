package se.sakervard.deviations;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;

/**
 * What one case update changes in the monthly figures of one place: the facts to take out and to
 * put in. Keyed by {@link #key()}: level, place and month.
 *
 * @param before the facts to take out; null for none
 * @param after the facts to put in; null for none (the case was entered in error)
 * @param at the instant the case's facts are at: {@link CaseUpdate#at()}
 */
public record MonthlyDelta(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    long month,
    CaseFacts before,
    CaseFacts after,
    long at) {

  public String key() {
    return key(level, regionCode, hospitalCode, unitCode, month);
  }

  /** Level, place and month: also the key of the month's {@link MonthFigures}. */
  static String key(Level level, String region, String hospital, String unit, long month) {
    return BacklogDelta.key(level, region, hospital, unit) + "|" + month;
  }

  /** The deltas of an update: each month either version counts in, at unit, hospital and region. */
  public static List<MonthlyDelta> of(CaseUpdate update, LocalCalendar calendar) {
    if (!update.counts()) {
      return List.of();
    }
    CaseFacts c = update.after();
    CaseFacts before = update.countedBefore();
    CaseFacts after = update.countedAfter();
    Set<Long> months = new TreeSet<>();
    if (after != null) {
      months.addAll(CohortTally.monthsOf(after, calendar));
    }
    if (before != null) {
      months.addAll(CohortTally.monthsOf(before, calendar));
    }
    List<MonthlyDelta> deltas = new ArrayList<>();
    for (long month : months) {
      long at = update.at();
      deltas.add(
          new MonthlyDelta(
              Level.UNIT,
              c.regionCode(),
              c.hospitalCode(),
              c.unitCode(),
              month,
              before,
              after,
              at));
      deltas.add(
          new MonthlyDelta(
              Level.HOSPITAL, c.regionCode(), c.hospitalCode(), "", month, before, after, at));
      deltas.add(new MonthlyDelta(Level.REGION, c.regionCode(), "", "", month, before, after, at));
    }
    return deltas;
  }
}
