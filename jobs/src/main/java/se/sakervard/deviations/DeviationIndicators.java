package se.sakervard.deviations;

import java.util.List;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.common.CareType;

/**
 * The indicator values the deviation figures publish on the indicators topic: per month, the open
 * backlog now, and reports per day and rolling 12 months. Deviations are not split by care type;
 * they carry the schema's default, SOMATIC.
 */
public final class DeviationIndicators {
  public static final String REPORTED = "deviations.reported";
  public static final String SERIOUS_CARE_INJURIES = "deviations.serious_care_injuries";
  public static final String CLOSED_WITHIN_30_DAYS = "deviations.share_closed_within_30_days";
  public static final String HANDLING_TIME_MEDIAN = "deviations.handling_time_median_days";
  public static final String HANDLING_TIME_P90 = "deviations.handling_time_p90_days";
  public static final String LEX_MARIA_FILED = "deviations.lex_maria_filed";
  public static final String EVENT_ANALYSES_OVERDUE = "deviations.event_analyses_overdue";
  public static final String OPEN = "deviations.open_backlog";
  public static final String OPEN_OVER_30_DAYS = "deviations.open_over_30_days";
  public static final String OPEN_OVER_90_DAYS = "deviations.open_over_90_days";
  public static final String OPEN_SERIOUS = "deviations.open_serious_care_injuries";

  public static final String REPORTED_PER_DAY = "deviations.reported_per_day";
  public static final String REPORTED_LAST_12_MONTHS = "deviations.reported_last_12_months";
  public static final String REPORTED_CHANGE_PERCENT =
      "deviations.reported_change_vs_previous_12_months_percent";

  private DeviationIndicators() {}

  /**
   * A place's reports on a local day (period DAY), and the 12 months ending with it with their
   * change against the 12 months before (period ROLLING_12_MONTHS, starting 12 months before).
   */
  public static List<IndicatorRecord> of(RollingReports r, LocalCalendar calendar) {
    TwelveMonthTotals t = r.totals();
    long dayStart = calendar.dayEnd(t.day() - 1);
    long end = calendar.dayEnd(t.day());
    long twelveMonthsStart = calendar.dayEnd(TwelveMonthTotals.firstDayOf(12, t.day()) - 1);
    return List.of(
        rolling(r, REPORTED_PER_DAY, "DAY", dayStart, end, (double) t.reportedOnDay(), null, null),
        rolling(
            r,
            REPORTED_LAST_12_MONTHS,
            "ROLLING_12_MONTHS",
            twelveMonthsStart,
            end,
            (double) t.last12Months(),
            null,
            null),
        rolling(
            r,
            REPORTED_CHANGE_PERCENT,
            "ROLLING_12_MONTHS",
            twelveMonthsStart,
            end,
            t.changePercent(),
            (double) t.last12Months(),
            (double) t.previous12Months()));
  }

  public static List<IndicatorRecord> of(MonthFigures m, LocalCalendar calendar) {
    long end = calendar.monthEnd(m.month());
    return List.of(
        value(m, end, REPORTED, (double) m.reported(), null, null),
        value(m, end, SERIOUS_CARE_INJURIES, (double) m.seriousCareInjuries(), null, null),
        value(
            m,
            end,
            CLOSED_WITHIN_30_DAYS,
            m.shareClosedWithin(m.closedWithin30Days()),
            (double) m.closedWithin30Days(),
            (double) m.reported()),
        value(m, end, HANDLING_TIME_MEDIAN, m.handlingTimeMedianDays(), null, null),
        value(m, end, HANDLING_TIME_P90, m.handlingTimeP90Days(), null, null),
        value(m, end, LEX_MARIA_FILED, (double) m.lexMariaFiled(), null, null),
        value(
            m,
            end,
            EVENT_ANALYSES_OVERDUE,
            count(m.eventAnalysisOverdue()),
            count(m.eventAnalysisOverdue()),
            (double) m.needsEventAnalysis()));
  }

  /** The backlog now: CURRENT values at its as-of instant. */
  public static List<IndicatorRecord> of(BacklogFigures b) {
    return List.of(
        current(b, OPEN, b.open()),
        current(b, OPEN_OVER_30_DAYS, b.openOver30Days()),
        current(b, OPEN_OVER_90_DAYS, b.openOver90Days()),
        current(b, OPEN_SERIOUS, b.openSeriousCareInjuries()));
  }

  private static Double count(Long n) {
    return n == null ? null : n.doubleValue();
  }

  private static IndicatorRecord current(BacklogFigures b, String indicator, long value) {
    return new IndicatorRecord(
        indicator,
        b.level(),
        b.regionCode(),
        b.hospitalCode(),
        b.unitCode(),
        CareType.SOMATIC,
        IndicatorRecord.CURRENT,
        b.asOf(),
        b.asOf(),
        (double) value,
        null,
        null,
        b.version());
  }

  private static IndicatorRecord rolling(
      RollingReports r,
      String indicator,
      String periodKind,
      long start,
      long end,
      Double value,
      Double numerator,
      Double denominator) {
    return new IndicatorRecord(
        indicator,
        r.level(),
        r.regionCode(),
        r.hospitalCode(),
        r.unitCode(),
        CareType.SOMATIC,
        periodKind,
        start,
        end,
        value,
        numerator,
        denominator,
        r.version());
  }

  private static IndicatorRecord value(
      MonthFigures m,
      long end,
      String indicator,
      Double value,
      Double numerator,
      Double denominator) {
    return new IndicatorRecord(
        indicator,
        m.level(),
        m.regionCode(),
        m.hospitalCode(),
        m.unitCode(),
        CareType.SOMATIC,
        m.isFinal() ? "MONTH_FINAL" : "MONTH",
        m.month(),
        end,
        value,
        numerator,
        denominator,
        m.version(),
        m.asOf());
  }
}
