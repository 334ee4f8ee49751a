package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/**
 * The rolling 30 days are 720 elapsed hours ending with the day, not 30 calendar days. Around a
 * clock change they differ by an hour at their start, and a case there is in or out:
 *
 * <ul>
 *   <li>Spring: 29 March 2026 has 23 hours. The 30 days ending with 27 April (29 March to 27 April,
 *       719 hours) begin at 23:00 on 28 March: a case at 23:30 on 28 March is in them, one at 22:30
 *       is not.
 *   <li>Autumn: 25 October 2026 has 25 hours. The 30 days ending with 23 November (721 hours) begin
 *       at 01:00 on 25 October (summer time): a case at 00:30 that day is out, one at 01:30 in.
 * </ul>
 *
 * Patient days: one patient all the time, so a day's hours / 24, and 720 hours are 30 patient days
 * exactly. The window's edge hour gets its day's patient days pro rata (our documented precision),
 * which here is exact too: spring 29 + 23/24 (29 March) + 1/24 (the hour of 28 March) = 30; autumn
 * 29 + 25/24 (25 October) − (25/24)/25 (its first hour) = 30.
 */
class RollingInfectionDaysTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final LocalCalendar CALENDAR = new LocalCalendar(STOCKHOLM);

  @RegisterExtension
  final KeyedOperator<PlaceDelta, PlaceDayFigures> operator =
      KeyedOperator.of(
          () -> RollingInfectionDays.operator(CALENDAR, Duration.ofDays(40)), PlaceDelta::placeKey);

  @Test
  void shouldTakeTheHourBeforeTheThirtyDaysWhenA23HourDayIsAmongThem() throws Exception {
    LocalDate first = LocalDate.of(2026, 3, 28);
    LocalDate last = LocalDate.of(2026, 4, 27);
    patientDays(first, last);
    infectionCase("in", LocalDateTime.of(2026, 3, 28, 23, 30));
    infectionCase("out", LocalDateTime.of(2026, 3, 28, 22, 30));

    PlaceDayFigures f = figuresOf(last);

    assertThat(f.last30Days().cases).isEqualTo(1);
    assertThat(f.last30Days().patientDays).isCloseTo(30.0, within());
  }

  @Test
  void shouldLeaveOutTheFirstHourOfTheThirtyDaysWhenA25HourDayIsAmongThem() throws Exception {
    LocalDate first = LocalDate.of(2026, 10, 24);
    LocalDate last = LocalDate.of(2026, 11, 23);
    patientDays(first, last);
    infectionCase("out", LocalDateTime.of(2026, 10, 25, 0, 30));
    infectionCase("in", LocalDateTime.of(2026, 10, 25, 1, 30));

    PlaceDayFigures f = figuresOf(last);

    assertThat(f.last30Days().cases).isEqualTo(1);
    assertThat(f.last30Days().patientDays).isCloseTo(30.0, within());
    // The month so far stays calendar: both cases are October's.
    assertThat(figuresOf(LocalDate.of(2026, 10, 31)).monthToDate().cases).isEqualTo(2);
  }

  /**
   * A case withdrawn after its day was written: the day is written again with its type at 0 (and
   * the view leaves such a row out), not left standing at 1 beside an ALL of 0. Whether the
   * withdrawal comes before or after the day is written depends on timing; the rows must not.
   */
  @Test
  void shouldWriteATypeAgainAtZeroWhenItsOnlyCaseIsWithdrawnAfterItsDay() throws Exception {
    LocalDate day = LocalDate.of(2026, 3, 3);
    patientDays(day, day);
    long onset = day.atTime(2, 0).atZone(STOCKHOLM).toInstant().toEpochMilli();
    InfectionInput c =
        CaseInputs.infectionCase("c4", onset, "R1-H1-U1", "C4", onset, "BLOODSTREAM", null, 0);
    int d = (int) day.toEpochDay();
    long start = CALENDAR.dayEnd(d - 1);
    long end = CALENDAR.dayEnd(d);
    send(d, new DayTotals().add(c, 1, start, end), start);
    assertThat(InfectionRows.incidence(figuresOf(day)))
        .filteredOn(r -> r.period() == InfectionRows.Period.DAY)
        .extracting(r -> r.infectionType() + " " + r.cases())
        .containsExactlyInAnyOrder("ALL 1", "BLOODSTREAM 1");

    send(d, new DayTotals().add(c, -1, start, end), end + 1);

    assertThat(InfectionRows.incidence(figuresOf(day)))
        .filteredOn(r -> r.period() == InfectionRows.Period.DAY)
        .extracting(r -> r.infectionType() + " " + r.cases())
        .containsExactlyInAnyOrder("ALL 0", "BLOODSTREAM 0");
  }

  /** One patient all the time: patient days = the day's hours / 24. */
  private void patientDays(LocalDate first, LocalDate last) throws Exception {
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      int day = (int) d.toEpochDay();
      long start = CALENDAR.dayEnd(day - 1);
      long end = CALENDAR.dayEnd(day);
      send(day, new DayTotals().withPatientDays((end - start) / 86_400_000.0, start, end), start);
    }
  }

  private void infectionCase(String ref, LocalDateTime onsetLocal) throws Exception {
    long onset = onsetLocal.atZone(STOCKHOLM).toInstant().toEpochMilli();
    int day = CALENDAR.day(onset);
    InfectionInput c =
        CaseInputs.infectionCase(ref, onset, "R1-H1-U1", ref, onset, "PNEUMONIA", null, 0);
    send(day, new DayTotals().add(c, 1, CALENDAR.dayEnd(day - 1), CALENDAR.dayEnd(day)), onset);
  }

  private void send(int day, DayTotals delta, long at) throws Exception {
    operator
        .harness()
        .processElement(
            new StreamRecord<>(
                new PlaceDelta(Level.UNIT, "R1", "R1-H1", "R1-H1-U1", day, delta), at));
  }

  /** The newest figures of the day once every day up to it has ended. */
  private PlaceDayFigures figuresOf(LocalDate date) throws Exception {
    int day = (int) date.toEpochDay();
    operator.harness().processWatermark(CALENDAR.dayEnd(day) + 1);
    List<PlaceDayFigures> out = operator.harness().extractOutputValues();
    return out.stream().filter(f -> f.day() == day).reduce((a, b) -> b).orElseThrow();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
