package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rolling 12 months' arithmetic, without Flink. */
class TwelveMonthTotalsTest {

  @Test
  void shouldEndTwelveMonthsWithTheDayAndStartThemTwelveCalendarMonthsBeforeItsEnd() {
    // 12 months ending with 2026-01-10 run from 2025-01-11 (the end, 2026-01-11 00:00, minus 12
    // months); the 12 before them from 2024-01-11.
    assertThat(date(TwelveMonthTotals.firstDayOf(12, day("2026-01-10")))).isEqualTo("2025-01-11");
    assertThat(date(TwelveMonthTotals.firstDayOf(24, day("2026-01-10")))).isEqualTo("2024-01-11");
    // Leap day: the 12 months ending with 2028-02-28 start 2027-02-29, which does not exist, so
    // 2027-02-28; the ones ending with 2028-02-29 start 2027-03-01. 2027-02-28 is in both: no day
    // leaves at that step, two days (2028-02-28 ending and 29) share one start.
    assertThat(date(TwelveMonthTotals.firstDayOf(12, day("2028-02-27")))).isEqualTo("2027-02-28");
    assertThat(date(TwelveMonthTotals.firstDayOf(12, day("2028-02-28")))).isEqualTo("2027-02-28");
    assertThat(date(TwelveMonthTotals.firstDayOf(12, day("2028-02-29")))).isEqualTo("2027-03-01");
  }

  @Test
  void shouldCountTheTwelveMonthsAndTheTwelveBeforeAndTheChangeInPercent() throws Exception {
    // 1 report on 2025-01-10, 2 on 2025-06-01, 1 on 2026-01-10.
    Map<Integer, Long> days =
        Map.of(day("2025-01-10"), 1L, day("2025-06-01"), 2L, day("2026-01-10"), 1L);
    TwelveMonthTotals.DayTotals totals = d -> days.getOrDefault(d, 0L);

    // Ending 2026-01-09: 2025-01-10 .. 2026-01-09 hold 1 + 2; nothing before: no change figure.
    TwelveMonthTotals ninth = TwelveMonthTotals.of(day("2026-01-09"), totals);
    assertThat(ninth).isEqualTo(new TwelveMonthTotals(day("2026-01-09"), 0, 3, 0));
    assertThat(ninth.changePercent()).isNull();
    // Ending 2026-01-10: 2025-01-10 moved to the 12 months before; 2 + 1 against 1: +200%.
    TwelveMonthTotals tenth = ninth.next(totals);
    assertThat(tenth).isEqualTo(new TwelveMonthTotals(day("2026-01-10"), 1, 3, 1));
    assertThat(tenth.changePercent()).isEqualTo(200.0);
  }

  @Test
  void shouldSlideToTheSameTotalsAsCountedAfreshAcrossMonthEndsAndLeapDays() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    Map<Integer, Long> days = new HashMap<>();
    for (int d = day("2025-01-01"); d < day("2029-12-31"); d++) {
      if (random.nextInt(3) == 0) {
        days.put(d, (long) random.nextInt(1, 5));
      }
    }
    TwelveMonthTotals.DayTotals totals = d -> days.getOrDefault(d, 0L);
    TwelveMonthTotals slid = TwelveMonthTotals.of(day("2026-12-25"), totals);
    while (slid.day() < day("2029-12-30")) {
      slid = slid.next(totals);
      assertThat(slid).isEqualTo(TwelveMonthTotals.of(slid.day(), totals));
    }
  }

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static String date(int day) {
    return LocalDate.ofEpochDay(day).toString();
  }
}
