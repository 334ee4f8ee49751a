package se.sakervard.infections;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import se.sakervard.core.time.DayChain;
import se.sakervard.core.time.LocalCalendar;

/**
 * One place's infection figures per ended local day: the day, the 30 days (720 elapsed hours)
 * ending with it, the month so far; as a {@link DayChain}, keyed by {@link PlaceDelta#placeKey()}.
 *
 * <p>A day is emitted once event time has passed its end, on days without observations too, since
 * cases and patient days leave the 30 days on their own; the chain stops when the place has had
 * nothing for 30 days and restarts with its next delta. A delta for a day already emitted re-emits
 * the days it changes (its 30 days and the rest of its month).
 */
public final class RollingInfectionDays
    implements DayChain.Series<PlaceDelta, DayTotals, PlaceDayFigures> {
  private final LocalCalendar calendar;
  private final long keepDayMs;

  private RollingInfectionDays(LocalCalendar calendar, Duration keepDay) {
    this.calendar = calendar;
    this.keepDayMs = keepDay.toMillis();
  }

  /**
   * The operator: keyed by {@link PlaceDelta#placeKey()}.
   *
   * @param keepDay how long after a day ends a delta can still come for it
   */
  public static DayChain<PlaceDelta, DayTotals, PlaceDayFigures> operator(
      LocalCalendar calendar, Duration keepDay) {
    return new DayChain<>(calendar, new RollingInfectionDays(calendar, keepDay));
  }

  @Override
  public int day(PlaceDelta d) {
    return d.day();
  }

  @Override
  public DayTotals plus(DayTotals total, PlaceDelta d) {
    return (total == null ? new DayTotals() : total.copy()).add(d.delta(), 1);
  }

  @Override
  public PlaceDayFigures figures(
      PlaceDelta p,
      int day,
      PlaceDayFigures dayBefore,
      DayChain.Totals<DayTotals> days,
      long version)
      throws Exception {
    return new PlaceDayFigures(
        p.level(),
        p.regionCode(),
        p.hospitalCode(),
        p.unitCode(),
        day,
        sumOfDays(day, day, days),
        lastThirtyDays(day, days),
        sumOfDays(firstOfMonth(day), day, days),
        version);
  }

  @Override
  public int dayOf(PlaceDayFigures figures) {
    return figures.day();
  }

  @Override
  public boolean quiet(PlaceDayFigures figures) {
    return figures.last30Days().isEmpty() && figures.monthToDate().isEmpty();
  }

  @Override
  public boolean changes(int day, int later) {
    return later <= Math.max(day + ThirtyDayIncidence.DAYS - 1, lastOfMonth(day));
  }

  @Override
  public int firstKept(long watermark) {
    return calendar.day(watermark - keepDayMs) - 31;
  }

  @Override
  public TypeInformation<PlaceDelta> inputType() {
    return TypeInformation.of(PlaceDelta.class);
  }

  @Override
  public TypeInformation<DayTotals> totalType() {
    return TypeInformation.of(DayTotals.class);
  }

  @Override
  public TypeInformation<PlaceDayFigures> figuresType() {
    return TypeInformation.of(PlaceDayFigures.class);
  }

  /**
   * The 720 elapsed hours ending with the day: its 30 local days, with the hour before them when a
   * 23-hour day is among them, without their first hour when a 25-hour day is.
   */
  private DayTotals lastThirtyDays(int day, DayChain.Totals<DayTotals> days) throws Exception {
    int first = day - ThirtyDayIncidence.DAYS + 1;
    DayTotals sum = sumOfDays(first, day, days);
    long start = ThirtyDayIncidence.windowStart(day, calendar);
    long daysStart = calendar.dayEnd(first - 1);
    if (start < daysStart) {
      DayTotals before = days.on(first - 1);
      if (before != null && before.lastHour != null) {
        sum.add(before.lastHour, 1);
      }
    } else if (start > daysStart) {
      DayTotals firstDay = days.on(first);
      if (firstDay != null && firstDay.firstHour != null) {
        sum.add(firstDay.firstHour, -1);
      }
    }
    return sum;
  }

  /** The days' totals summed, reading the state's values without copying them. */
  private static DayTotals sumOfDays(int first, int last, DayChain.Totals<DayTotals> days)
      throws Exception {
    DayTotals sum = new DayTotals();
    for (int d = first; d <= last; d++) {
      DayTotals t = days.on(d);
      if (t != null) {
        sum.add(t, 1);
      }
    }
    sum.firstHour = null;
    sum.lastHour = null;
    return sum;
  }

  private static int firstOfMonth(int day) {
    return (int) LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay();
  }

  private static int lastOfMonth(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return (int) d.withDayOfMonth(d.lengthOfMonth()).toEpochDay();
  }
}
