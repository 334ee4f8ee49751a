package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.CaseReopened;
import se.sakervard.schemas.deviations.InvestigationStarted;

/**
 * The simulated deviation cases look like a Swedish region's, measured from the events alone: the
 * reports of a year of a two-hospital region of 831 available beds (seed 1), followed for a second
 * year so that slow cases and lex Maria filings have time to happen (see {@link DeviationFlow}).
 *
 * <p>Expected: 27.5 reports per available bed and year, about 22,900 a year. 45 of the week's 168
 * hours (27%) are office hours, and 65% of the reports that would be written outside them wait for
 * them, so about 0.27 + 0.73 × 0.65 ≈ 75% are written in office hours. The writer sits down after a
 * median of 10 hours; waiting for the next working morning adds about half a day to those that
 * wait, so half the deviations are reported within about a day, and 1% after two weeks or more (10
 * hours × e^(2.33 × 1.5) ≈ 14 days). Classification takes median 2 days, 96% within a week. 10.6%
 * of cases have consequence 3 or 4 and 2.3% consequence 2 at likelihood 4, so about 13% need an
 * event analysis, which starts within the 14 days in 80% of them. 1.5% are serious care injuries
 * and 0.55% are filed under lex Maria, median 150 days after the deviation: with a year's follow-up
 * all but about 3% of the filings are seen. A case without event analysis (87%) is closed after
 * about 2 + 18 days (median; sigma 1.3), an analysed one after about 7 + 30 + 7 days, so half the
 * cases are closed within about 25 days and 90% within about 100. 2% of closed cases reopen, 5% are
 * reclassified, 3% get a complaint and 75% of the complaints are answered within 30 days. Open
 * cases build up from none to about the reports of 45 days (the mean handling time), about 2,800.
 * Seed 1 measured 27.5 reports per bed-year, 74% in office hours, 0.9 days median reporting delay,
 * 12.9% event analyses (80% started in time), 1.5% serious, 0.50% lex Maria, handling median 25 and
 * p90 96 days, 2.0% reopened, 4.8% reclassified, 79% of complaints answered within 30 days.
 */
class DeviationSimulatorCalibrationTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration TWO_YEARS = Duration.ofDays(730);

  private static DeviationRun run;
  private static DeviationCases cases;

  /** The cases reported in the first year, each followed for at least a year. */
  private static List<DeviationCases.Case> cohort;

  @BeforeAll
  static void simulate() {
    run =
        DeviationRun.of(
            2, 1, START.toString(), TWO_YEARS, FaultRates.none(), DeviationFaultRates.none());
    cases = new DeviationCases(run.sent());
    cohort = cases.reportedBefore(START.plus(Duration.ofDays(365)));
  }

  @Test
  void shouldWriteAboutTwentySevenAndAHalfReportsPerAvailableBedAndYear() {
    double bedYears = run.region().totalAvailableBeds() * 2.0;

    assertThat(cases.all().size() / bedYears).isBetween(25.5, 29.5);
  }

  @Test
  void shouldWriteMostReportsOnWeekdaysInOfficeHours() {
    assertThat(
            DeviationCases.share(
                cases.all(),
                c -> DeviationCalendar.officeHours(CareCalendar.local(c.reported.toEpochMilli()))))
        .isBetween(0.65, 0.85);
  }

  @Test
  void shouldReportHalfTheDeviationsWithinAboutADayAndSomeAfterWeeks() {
    List<Duration> delays = cases.all().stream().map(DeviationCases.Case::reportingDelay).toList();

    assertThat(DeviationCases.quantileDays(delays, 0.5)).isBetween(0.6, 1.5);
    assertThat(DeviationCases.quantileDays(delays, 0.99)).isBetween(7.0, 30.0);
  }

  @Test
  void shouldClassifyNearlyAllCasesWithinAWeek() {
    List<Duration> classification =
        cohort.stream()
            .map(c -> Duration.between(c.reported, c.first(CaseClassified.class)))
            .toList();

    assertThat(DeviationCases.quantileDays(classification, 0.5)).isBetween(1.5, 3.0);
    assertThat(DeviationCases.quantileDays(classification, 0.9)).isBetween(3.0, 7.0);
  }

  @Test
  void shouldAnalyseAboutOneCaseInEightAndStartMostAnalysesWithinFourteenDays() {
    List<DeviationCases.Case> analysed =
        cohort.stream().filter(DeviationCases.Case::eventAnalysis).toList();

    assertThat((double) analysed.size() / cohort.size()).isBetween(0.10, 0.16);
    assertThat(
            DeviationCases.share(
                analysed,
                c ->
                    !c.first(InvestigationStarted.class)
                        .isAfter(c.reported.plus(Duration.ofDays(14)))))
        .isBetween(0.7, 0.9);
  }

  @Test
  void shouldFileLexMariaForAboutOneCaseInTwoHundredOfTheOneAndAHalfPercentSerious() {
    assertThat(DeviationCases.share(cohort, c -> c.classifications().get(0).getSeriousCareInjury()))
        .isBetween(0.011, 0.02);
    assertThat(DeviationCases.share(cohort, DeviationCases.Case::lexMaria))
        .isBetween(0.0035, 0.0075);
  }

  @Test
  void shouldCloseHalfTheCasesInAboutFourWeeksAndNineInTenInAboutThreeMonths() {
    // A case still open at the end counts as longer than any.
    List<Duration> handling = cohort.stream().map(DeviationCases.Case::handlingTime).toList();

    assertThat(DeviationCases.quantileDays(handling, 0.5)).isBetween(20.0, 30.0);
    assertThat(DeviationCases.quantileDays(handling, 0.9)).isBetween(75.0, 125.0);
  }

  @Test
  void shouldReopenAboutTwoPercentOfClosedCasesAndReclassifyAboutFivePercent() {
    List<DeviationCases.Case> closed =
        cohort.stream().filter(c -> c.handlingTime() != null).toList();

    assertThat(DeviationCases.share(closed, c -> !c.times(CaseReopened.class).isEmpty()))
        .isBetween(0.012, 0.03);
    assertThat(DeviationCases.share(cohort, c -> c.classifications().size() > 1))
        .isBetween(0.035, 0.065);
  }

  @Test
  void shouldAnswerAboutThreeQuartersOfTheComplaintsWithinThirtyDays() {
    List<DeviationCases.Case> complained =
        cohort.stream().filter(DeviationCases.Case::complaint).toList();

    assertThat((double) complained.size() / cohort.size()).isBetween(0.022, 0.038);
    assertThat(
            DeviationCases.share(
                complained,
                c ->
                    c.complaintAnswerTime() != null
                        && c.complaintAnswerTime().compareTo(Duration.ofDays(30)) <= 0))
        .isBetween(0.65, 0.85);
  }

  @Test
  void shouldBuildUpTheBacklogOfOpenCasesOverTheFirstMonths() {
    long afterAMonth = openAfterDays(30);
    long afterThreeMonths = openAfterDays(90);
    long afterAYear = openAfterDays(365);

    assertThat(afterAMonth).isLessThan(afterThreeMonths);
    assertThat(afterThreeMonths).isLessThan(afterAYear);
    assertThat(afterAYear).isBetween(2_000L, 3_600L);
    assertThat(openAfterDays(729)).isBetween(2_000L, 3_600L);
  }

  private static long openAfterDays(int days) {
    Instant t = START.plus(Duration.ofDays(days));
    return cases.all().stream().filter(c -> c.openAt(t)).count();
  }
}
