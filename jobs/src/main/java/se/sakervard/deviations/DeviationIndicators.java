package se.sakervard.deviations;

import java.util.List;
import se.sakervard.core.sink.IndicatorRecord;
import se.sakervard.schemas.common.CareType;

/**
 * The indicator values a month's deviation figures publish on the indicators topic. Deviations are
 * not split by care type; they carry the schema's default, SOMATIC.
 */
public final class DeviationIndicators {
  public static final String REPORTED = "deviations.reported";
  public static final String SERIOUS_CARE_INJURIES = "deviations.serious_care_injuries";
  public static final String CLOSED_WITHIN_30_DAYS = "deviations.share_closed_within_30_days";
  public static final String HANDLING_TIME_MEDIAN = "deviations.handling_time_median_days";
  public static final String HANDLING_TIME_P90 = "deviations.handling_time_p90_days";
  public static final String LEX_MARIA_FILED = "deviations.lex_maria_filed";

  private DeviationIndicators() {}

  public static List<IndicatorRecord> of(MonthFigures m, DeviationCalendar calendar) {
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
        value(m, end, LEX_MARIA_FILED, (double) m.lexMariaFiled(), null, null));
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
        m.version());
  }
}
