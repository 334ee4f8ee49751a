package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/**
 * Reports rolling 12 months for one unit: a row for every local day once it has ended, without
 * events too; late reports correct the days already out; the chain stops 24 months after the last
 * report.
 */
class RollingTwelveMonthsTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final LocalCalendar CALENDAR = new LocalCalendar(STOCKHOLM);

  @RegisterExtension
  final KeyedOperator<ReportedDelta, RollingReports> operator =
      KeyedOperator.of(
          () -> RollingTwelveMonths.operator(CALENDAR, Duration.ofDays(400)),
          ReportedDelta::placeKey);

  @Test
  void shouldRollTwelveMonthsDayByDayAndCorrectThemForALateReport() throws Exception {
    // R1 on 2025-01-10, R2 and R3 on 2025-06-01; event time passes the end of 2025-06-01.
    report("2025-01-10");
    report("2025-06-01");
    report("2025-06-01");
    passMidnightBefore("2025-06-02");
    // One row per local day from the first report on, across the spring DST change (a 23-hour
    // day), each day once.
    List<RollingReports> rows = rows();
    assertThat(rows).extracting(r -> date(r.totals().day())).doesNotHaveDuplicates();
    assertThat(rows)
        .hasSize((int) ChronoUnit.DAYS.between(LocalDate.parse("2025-01-10"), date("2025-06-02")));
    assertThat(newestOf("2025-01-10")).isEqualTo(totals("2025-01-10", 1, 1, 0));
    assertThat(newestOf("2025-06-01")).isEqualTo(totals("2025-06-01", 2, 3, 0));

    // R4 on 2026-01-10; the days pass without events up to its end.
    report("2026-01-10");
    passMidnightBefore("2026-01-11");
    // Ending 2026-01-09: R1, R2, R3. Ending 2026-01-10: R1 (2025-01-10) left for the 12 months
    // before; R2, R3, R4 against R1: +200%.
    assertThat(newestOf("2026-01-09")).isEqualTo(totals("2026-01-09", 0, 3, 0));
    assertThat(newestOf("2026-01-10")).isEqualTo(totals("2026-01-10", 1, 3, 1));
    assertThat(newestOf("2026-01-10").changePercent()).isEqualTo(200.0);

    // R5, reported 2026-01-09, arrives late: both days are emitted again, with higher versions.
    int before = rows().size();
    report("2026-01-09");
    assertThat(rows().subList(before, rows().size()))
        .extracting(r -> date(r.totals().day()), r -> r.totals().last12Months())
        .containsExactly(tuple("2026-01-09", 4L), tuple("2026-01-10", 4L));
    assertThat(newestOf("2026-01-09")).isEqualTo(totals("2026-01-09", 1, 4, 0));
    assertThat(newestOf("2026-01-10")).isEqualTo(totals("2026-01-10", 1, 4, 1));

    // No more reports. Ending 2026-06-01: R4, R5 against R1, R2, R3: -33.3%.
    passMidnightBefore("2026-06-02");
    assertThat(newestOf("2026-06-01")).isEqualTo(totals("2026-06-01", 0, 2, 3));
    assertThat(newestOf("2026-06-01").changePercent()).isCloseTo(-33.333, within());
    // The last report (2026-01-10) leaves the 12 months before with the day ending 2028-01-10;
    // that day's zeros are the last row until the unit's next report.
    passMidnightBefore("2028-03-01");
    RollingReports last = rows().get(rows().size() - 1);
    assertThat(last.totals()).isEqualTo(totals("2028-01-10", 0, 0, 0));
    assertThat(newestOf("2028-01-09")).isEqualTo(totals("2028-01-09", 0, 0, 1));
  }

  @Test
  void shouldStartWithTheEarliestReportWhenReportsArriveOutOfOrder() throws Exception {
    report("2025-01-11");
    report("2025-01-10");
    passMidnightBefore("2025-01-12");
    assertThat(rows())
        .extracting(RollingReports::totals)
        .containsExactly(totals("2025-01-10", 1, 1, 0), totals("2025-01-11", 1, 2, 0));
  }

  @Test
  void shouldTakeReclassificationsAsNoNewReport() throws Exception {
    report("2025-01-10");
    operator
        .harness()
        .processElement(
            new StreamRecord<>(
                new ReportedDelta(
                    Level.UNIT,
                    "R",
                    "H",
                    "U",
                    day("2025-01-10"),
                    "FALL",
                    "NEAR_MISS",
                    1,
                    -1,
                    false),
                0));
    passMidnightBefore("2025-01-11");
    assertThat(newestOf("2025-01-10")).isEqualTo(totals("2025-01-10", 1, 1, 0));
  }

  private void report(String date) throws Exception {
    long at = LocalDate.parse(date).atTime(10, 0).atZone(STOCKHOLM).toInstant().toEpochMilli();
    operator
        .harness()
        .processElement(
            new StreamRecord<>(
                new ReportedDelta(
                    Level.UNIT, "R", "H", "U", day(date), "FALL", "NEGATIVE_EVENT", 2, 1, true),
                at));
  }

  /** Event time reaches the local midnight that starts {@code date}. */
  private void passMidnightBefore(String date) throws Exception {
    operator
        .harness()
        .processWatermark(date(date).atStartOfDay(STOCKHOLM).toInstant().toEpochMilli());
  }

  private List<RollingReports> rows() {
    return operator.harness().extractOutputValues();
  }

  /** The highest version emitted for the day, as a table would keep it. */
  private TwelveMonthTotals newestOf(String date) {
    return rows().stream()
        .filter(r -> r.totals().day() == day(date))
        .reduce((a, b) -> a.version() > b.version() ? a : b)
        .orElseThrow()
        .totals();
  }

  private static TwelveMonthTotals totals(String date, long onDay, long last, long previous) {
    return new TwelveMonthTotals(day(date), onDay, last, previous);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.001);
  }

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static LocalDate date(String date) {
    return LocalDate.parse(date);
  }

  private static String date(int day) {
    return LocalDate.ofEpochDay(day).toString();
  }
}
