package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import se.sakervard.core.time.DayChain;
import se.sakervard.core.time.LocalCalendar;

/**
 * One place's reported cases per local day, rolling 12 months and the 12 months before ({@link
 * TwelveMonthTotals}), as a {@link DayChain}: keyed by {@link ReportedDelta#placeKey()}; counts new
 * reports only (a reclassification adds none).
 *
 * <p>Each local day is emitted once event time has passed its end, also on days without reports,
 * since cases leave the 12 months on their own; the chain of days stops once the place has had no
 * report for 24 months and restarts with its next report. A report for a day already emitted
 * re-emits the days whose 24 months hold it. Day totals are kept for 24 months plus the allowed
 * lateness.
 */
public final class RollingTwelveMonths
    implements DayChain.Series<ReportedDelta, Long, RollingReports> {
  private final LocalCalendar calendar;
  private final long allowedLatenessMs;

  private RollingTwelveMonths(LocalCalendar calendar, Duration allowedLateness) {
    this.calendar = calendar;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  /** The operator: keyed by {@link ReportedDelta#placeKey()}. */
  public static DayChain<ReportedDelta, Long, RollingReports> operator(
      LocalCalendar calendar, Duration allowedLateness) {
    return new DayChain<>(calendar, new RollingTwelveMonths(calendar, allowedLateness));
  }

  @Override
  public int day(ReportedDelta report) {
    return report.day();
  }

  @Override
  public Long plus(Long total, ReportedDelta report) {
    return (total == null ? 0 : total) + (report.newReport() ? report.delta() : 0);
  }

  @Override
  public RollingReports figures(
      ReportedDelta place,
      int day,
      RollingReports dayBefore,
      DayChain.Totals<Long> totals,
      long version)
      throws Exception {
    TwelveMonthTotals.DayTotals reported =
        d -> {
          Long total = totals.on(d);
          return total == null ? 0 : total;
        };
    TwelveMonthTotals t =
        dayBefore == null ? TwelveMonthTotals.of(day, reported) : dayBefore.totals().next(reported);
    return new RollingReports(
        place.level(), place.regionCode(), place.hospitalCode(), place.unitCode(), t, version);
  }

  @Override
  public int dayOf(RollingReports figures) {
    return figures.totals().day();
  }

  @Override
  public boolean quiet(RollingReports figures) {
    return figures.totals().empty();
  }

  @Override
  public boolean changes(int day, int later) {
    return TwelveMonthTotals.firstDayOf(24, later) <= day;
  }

  @Override
  public int firstKept(long watermark) {
    return TwelveMonthTotals.firstDayOf(24, calendar.day(watermark - allowedLatenessMs));
  }

  @Override
  public TypeInformation<ReportedDelta> inputType() {
    return TypeInformation.of(ReportedDelta.class);
  }

  @Override
  public TypeInformation<Long> totalType() {
    return Types.LONG;
  }

  @Override
  public TypeInformation<RollingReports> figuresType() {
    return TypeInformation.of(RollingReports.class);
  }
}
