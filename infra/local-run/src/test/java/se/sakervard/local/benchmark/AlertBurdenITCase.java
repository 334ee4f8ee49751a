package se.sakervard.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.local.LocalPipeline;
import se.sakervard.simulator.SeededEvents;
import se.sakervard.simulator.SimulatedRegion;

/**
 * The alert-burden figures from a hand-made audit trail and level history in the real ClickHouse
 * endpoint, over 15 days from Monday 2 March 2026 08:00 Stockholm (07:00 UTC) of a one-hospital
 * region. Local times (CET, UTC+1):
 *
 * <pre>
 * pages    A Mon 2 Mar 21:00      hospital-critical fires (a staffing crisis began at 21:00)
 *          B Tue 3 Mar 02:00      hospital-overcrowding fires, with a reminder of A: one page,
 *                                 at night
 *          C Tue 3 Mar 14:00:30   serious-care-injury of the case classified at 14:00 fires
 *          D Tue 10 Mar 03:00     a reminder, at night
 *          E Wed 11 Mar 23:30     fires, at night
 *          A, B, C and E carry a first notification: acknowledged at once, only they would page
 * shifts   29 from Mon 20:00 to Tue 17 Mar 08:00: Mon 2 20:00 has A and B, Tue 3 08:00 C,
 *          Mon 9 20:00 D, Wed 11 20:00 E; the other 25 none. Sorted: 25 × 0, 1, 1, 1, 2:
 *          median 0, p95 (28th of 29) 1, max 2; first notifications only: 26 × 0, 1, 1, 2, the
 *          same median, p95 and max
 * weeks    only the week of 9 March lies whole in the period, and nothing was seeded in it:
 *          D and E are its 2 night pages (more than 1); first notifications only, E alone
 * digest   2 items on 4 March, 1 on 5 March, none on the other 13 days: median 0, p95 2, max 2
 * levels   unit U: 1 from 08:00, 3 from 20:00, 1 from Tue 02:00 → 354 h at 1, 6 h at 3 of 360;
 *          its hospital: 1, then 2 for the same 6 h (below its unit's 3), 1 again, and 1 for an
 *          hour on Wed with a unit at 4 (08:00-09:00) → 354 h at 1, 6 h at 2; 1 h at 1 with a
 *          critical unit (0.28%); 7 h below the worst unit (1.9%)
 * </pre>
 */
class AlertBurdenITCase {
  private static final Instant START = Instant.parse("2026-03-02T07:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(15));

  @Test
  void shouldCountPagesShiftsNightsDigestLevelsAndSeededEventsByHand(@TempDir Path tmp)
      throws Exception {
    SimulatedRegion region = SimulatedRegion.generate(1, 42);
    String h = region.hospitals().get(0).code();
    String u = region.hospitals().get(0).units().get(0).code();
    String r = region.regionCode();
    SeededEvents seeded =
        new SeededEvents(
            List.of(
                new SeededEvents.Crisis(
                    h, at("2026-03-02T20:00:00Z"), at("2026-03-04T20:00:00Z"), 0.7)),
            List.of(new SeededEvents.SameDayInjury("C-T1", u, at("2026-03-03T10:00:00Z"))));
    try (LocalPipeline stack = LocalPipeline.start(tmp.resolve("stack"));
        Connection c = stack.clickHouse();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO sakervard.alert_audit (at, dedup_key, rule, urgency, step, level,"
              + " region_code, hospital_code, unit_code, sequence, escalation, attempt, value,"
              + " by_whom, detail) VALUES "
              + String.join(
                  ", ",
                  delivered(
                      "2026-03-02 20:00:00",
                      "hospital-critical|" + h + "|a",
                      r,
                      h,
                      "",
                      "hospital-critical",
                      1),
                  delivered(
                      "2026-03-03 01:00:00",
                      "hospital-overcrowding|" + h + "|b",
                      r,
                      h,
                      "",
                      "hospital-overcrowding",
                      1),
                  delivered(
                      "2026-03-03 01:00:00",
                      "hospital-critical|" + h + "|a",
                      r,
                      h,
                      "",
                      "hospital-critical",
                      3),
                  delivered(
                      "2026-03-03 13:00:30",
                      "serious-care-injury|" + u + "|C-T1|x",
                      r,
                      h,
                      u,
                      "serious-care-injury",
                      1),
                  delivered(
                      "2026-03-10 02:00:00",
                      "hospital-critical|" + h + "|d",
                      r,
                      h,
                      "",
                      "hospital-critical",
                      3),
                  delivered(
                      "2026-03-11 22:30:00",
                      "hospital-critical|" + h + "|e",
                      r,
                      h,
                      "",
                      "hospital-critical",
                      1),
                  digested("2026-03-04 06:00:00", "unit-overcrowding|" + u + "|1", r, h, u),
                  digested("2026-03-04 06:00:00", "unit-overcrowding|" + u + "|2", r, h, u),
                  digested("2026-03-05 06:00:00", "unit-overcrowding|" + u + "|3", r, h, u)));
      s.execute(
          "INSERT INTO sakervard.here_and_now_levels (level, region_code, hospital_code,"
              + " unit_code, as_of, here_and_now_level, reasons, not_judged, version,"
              + " units_at_level) VALUES "
              + String.join(
                  ", ",
                  level("UNIT", r, h, u, "2026-03-02 07:00:00", 1, 1, "[]"),
                  level("UNIT", r, h, u, "2026-03-02 19:00:00", 3, 2, "[]"),
                  level("UNIT", r, h, u, "2026-03-03 01:00:00", 1, 3, "[]"),
                  level("HOSPITAL", r, h, "", "2026-03-02 07:00:00", 1, 1, "[1,0,0,0]"),
                  level("HOSPITAL", r, h, "", "2026-03-02 19:00:00", 2, 2, "[0,0,1,0]"),
                  level("HOSPITAL", r, h, "", "2026-03-03 01:00:00", 1, 3, "[1,0,0,0]"),
                  level("HOSPITAL", r, h, "", "2026-03-04 07:00:00", 1, 4, "[0,0,0,1]"),
                  level("HOSPITAL", r, h, "", "2026-03-04 08:00:00", 1, 5, "[1,0,0,0]")));

      List<String> report = new AlertBurden(region, seeded, List.of(), START, END).report(c);

      assertThat(report)
          .containsSubsequence(
              "paged if every page is acknowledged within the escalation time (alerts' first"
                  + " notifications):",
              "  pages per hospital and 12-hour shift (29 hospital-shifts, 4 pages): median 0,"
                  + " p95 1, max 2; shifts with more than 2: 0 (0.00%)  [target: p95 at most 2]",
              "  pages by rule (a page may carry several): {hospital-critical=3,"
                  + " hospital-overcrowding=1, serious-care-injury=1}",
              "  night pages (22:00-07:00): 2 in all; per hospital and quiet week (1"
                  + " hospital-weeks without a seeded event): median 1, p95 1, max 1, weeks with"
                  + " more than 1: 0  [target: at most 1]",
              "paged if no page is ever acknowledged (escalations and reminders too):",
              "  pages per hospital and 12-hour shift (29 hospital-shifts, 5 pages): median 0,"
                  + " p95 1, max 2; shifts with more than 2: 0 (0.00%)  [target: p95 at most 2]",
              "  pages by rule (a page may carry several): {hospital-critical=4,"
                  + " hospital-overcrowding=1, serious-care-injury=1}",
              "  night pages (22:00-07:00): 3 in all; per hospital and quiet week (1"
                  + " hospital-weeks without a seeded event): median 2, p95 2, max 2, weeks with"
                  + " more than 1: 1  [target: at most 1]; those weeks: "
                  + h
                  + " week of 2026-03-09: 2026-03-10 03:00 hospital-critical, 2026-03-11 23:30"
                  + " hospital-critical");
      assertThat(report)
          .contains(
              "digest items per day (region, 15 days): median 0, p95 2, max 2, in all 3"
                  + "  [target: at most 15 a day]",
              "time at level 1 / 2 / 3 / 4, hospitals: 98.3 / 1.7 / 0.0 / 0.0%",
              "time at level 1 / 2 / 3 / 4, units: 98.3 / 0.0 / 1.7 / 0.0%",
              "  units at level 3, by the worst reason: occupancy 6 h",
              "seeded events paged or digested within their deadline: 2 of 2  [target: all]",
              "  staffing crises (1, act now): paged median 0.0, max 0.0 h after they began"
                  + " (deadline 4 h)",
              "  same-day serious care injuries (1, act now): paged median 0.5, max 0.5 min after"
                  + " the classification");
      assertThat(report)
          .anyMatch(
              l ->
                  l.startsWith(
                      "hospitals at level 1 with a unit at level 4: 0.28% of the time [goal:"
                          + " never]; below their worst unit's level: 1.9%"));
    }
  }

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static String delivered(
      String utc,
      String key,
      String region,
      String hospital,
      String unit,
      String rule,
      int sequence) {
    return step(utc, key, rule, "ACT_NOW", "DELIVERED", region, hospital, unit, sequence);
  }

  private static String digested(
      String utc, String key, String region, String hospital, String unit) {
    return step(utc, key, "unit-overcrowding", "ACT_TODAY", "DIGESTED", region, hospital, unit, 1);
  }

  private static String step(
      String utc,
      String key,
      String rule,
      String urgency,
      String step,
      String region,
      String hospital,
      String unit,
      int sequence) {
    return String.format(
        "('%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', %d, 0, 1, NULL, NULL, '')",
        utc,
        key,
        rule,
        urgency,
        step,
        unit.isEmpty() ? "HOSPITAL" : "UNIT",
        region,
        hospital,
        unit,
        sequence);
  }

  private static String level(
      String level,
      String region,
      String hospital,
      String unit,
      String utc,
      int value,
      int version,
      String units) {
    // A unit's level 3 has its reason, for the hours by the worst reason.
    String reasons = value == 3 ? "['occupancy 125.0% ≥ 120% (level 3)']" : "[]";
    return String.format(
        "('%s', '%s', '%s', '%s', '%s', %d, %s, [], %d, %s)",
        level, region, hospital, unit, utc, value, reasons, version, units);
  }
}
