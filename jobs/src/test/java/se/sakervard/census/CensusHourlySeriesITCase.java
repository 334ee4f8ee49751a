package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.testing.JobRun;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * The job writes a unit's hour only when its place or figures differ from the hour before, and the
 * census views fill in the others (docs/sql.md, "The hourly census series"). Every view must answer
 * exactly as if every hour were written: each scenario runs twice, once writing every hour ({@code
 * census.write-unchanged-hours}) and once as by default, under two region codes, and every row of
 * every census view is compared. The simulated region with typical faults is compared the same way
 * in {@code infra/local-run} ({@code CensusHourlySeriesSimulationITCase}).
 */
class CensusHourlySeriesITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  /**
   * Every view built on census_figures ({@code v_census_current} reads census_current, which both
   * runs write alike).
   */
  private static final String[] FIGURE_VIEWS =
      java.util.Arrays.stream(CensusRuns.VIEWS)
          .filter(v -> !v.equals("v_census_current"))
          .toArray(String[]::new);

  /**
   * {@link TwoUnitsTwoDays}: quiet hours on both units (MED has no event from 05:00 to 18:00 of the
   * first day), a late admission that corrects two closed hours, a duplicate, dead letters.
   */
  @Test
  void shouldAnswerAsIfEveryHourWereWrittenInTheScriptedTwoDays() throws Exception {
    int saved = compare("HA", "HB", TwoUnitsTwoDays::new);
    // MED alone is unchanged from 06:00 to 17:00 and from 21:00 to 09:00 the next day.
    assertThat(saved).isGreaterThan(20);
  }

  /** The same with a cancelled admission and a cancelled transfer. */
  @Test
  void shouldAnswerAsIfEveryHourWereWrittenWithRetractedEvents() throws Exception {
    compare(
        "HC", "HD", (region, topic) -> new TwoUnitsTwoDays(region, topic).withRetractedEvents());
  }

  /**
   * {@link TwoUnitsTwoDays#movedAndClosed}: a unit that moves to another hospital at noon and one
   * that closes then. Their series under H1 end there (an HOURS_END row each), so no hour of theirs
   * is filled in under H1 after noon.
   */
  @Test
  void shouldEndTheSeriesOfAUnitThatMovesOrCloses() throws Exception {
    compare("HE", "HF", TwoUnitsTwoDays::movedAndClosed);
    assertThat(
            STACK.query(
                "SELECT unit_code, hospital_code, toString(period_start) FROM census_figures FINAL"
                    + " WHERE region_code = 'HF' AND period_kind = 'HOURS_END' ORDER BY unit_code"))
        .containsExactly(
            JobRun.row("HFA", "HFH1", "2026-01-14 11:00:00.000"),
            JobRun.row("HFB", "HFH1", "2026-01-14 11:00:00.000"));
  }

  /**
   * Runs {@code scenario} writing every hour under {@code every} and as by default under {@code
   * changed}, compares every census view's rows, and returns how many unit hours the default left
   * out.
   */
  private static int compare(
      String every, String changed, BiFunction<String, String, TwoUnitsTwoDays> scenario)
      throws Exception {
    CensusRuns.prepare(STACK, scenario.apply(every, topic(every)), every)
        .writingEveryHour()
        .runToEnd();
    CensusRuns.prepare(STACK, scenario.apply(changed, topic(changed)), changed).runToEnd();

    List<List<String>> expected = STACK.rowsOfRegionAs(every, "R", FIGURE_VIEWS);
    assertThat(expected).as("figures of the run writing every hour").isNotEmpty();
    assertThat(STACK.rowsOfRegionAs(changed, "R", FIGURE_VIEWS)).isEqualTo(expected);
    int written = unitHoursWritten(every);
    int left = unitHoursWritten(changed);
    assertThat(left).as("unit hours written by default").isLessThan(written);
    return written - left;
  }

  private static int unitHoursWritten(String region) throws Exception {
    return Integer.parseInt(
        STACK
            .query(
                "SELECT toString(count()) FROM census_figures FINAL WHERE region_code = '"
                    + region
                    + "' AND period_kind = 'HOUR' AND level = 'UNIT'")
            .get(0)
            .get(0));
  }

  private static String topic(String region) {
    return "census-" + region + "-" + UUID.randomUUID();
  }
}
