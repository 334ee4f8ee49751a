package se.sakervard.bi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.testing.LocalStackExtension;

/**
 * The BI layer in ClickHouse ({@code sql/090_bi_views.sql}, {@code 092_bi_public.sql}, {@code
 * 095_retention.sql}, {@code production/}) against the real engine: documented, one shape for every
 * indicator, hand-worked figures, small cells suppressed, retention set, production access DDL
 * valid.
 */
class BiLayerITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  /** The stable columns of every indicator view, in order. */
  static final List<String> STABLE =
      List.of(
          "time",
          "period",
          "level",
          "region",
          "hospital",
          "unit",
          "care_type",
          "value",
          "numerator",
          "denominator",
          "freshness");

  private static List<String> biViews() throws Exception {
    return STACK
        .query(
            "SELECT name FROM system.tables WHERE database = 'sakervard' AND name LIKE 'bi\\\\_%'"
                + " AND engine = 'View' ORDER BY name")
        .stream()
        .map(r -> r.get(0))
        .toList();
  }

  @Test
  void shouldDocumentEveryBiViewAndEveryColumnOfIt() throws Exception {
    List<String> views = biViews();
    assertThat(views).hasSizeGreaterThanOrEqualTo(13);
    assertThat(
            STACK.query(
                "SELECT name FROM system.tables WHERE database = 'sakervard' AND name LIKE 'bi\\\\_%'"
                    + " AND engine = 'View' AND comment = ''"))
        .as("views without a comment")
        .isEmpty();
    assertThat(
            STACK.query(
                "SELECT table, name FROM system.columns WHERE database = 'sakervard'"
                    + " AND table LIKE 'bi\\\\_%' AND comment = ''"))
        .as("columns without a comment")
        .isEmpty();
  }

  @Test
  void shouldGiveEveryIndicatorViewTheSameStableColumns() throws Exception {
    List<String> indicatorViews =
        biViews().stream()
            .filter(v -> !v.startsWith("bi_official_") && !v.startsWith("bi_public_"))
            .toList();
    assertThat(indicatorViews).hasSize(16);
    for (String view : indicatorViews) {
      assertThat(
              STACK
                  .query(
                      "SELECT name FROM system.columns WHERE database = 'sakervard' AND table = '"
                          + view
                          + "' ORDER BY position")
                  .stream()
                  .map(r -> r.get(0))
                  .toList())
          .as(view)
          .isEqualTo(STABLE);
    }
  }

  /**
   * Unit R9-H1-U1 at 2026-03-02 10:00 UTC: 22 patients in 20 available beds, 2 overcrowded, 1
   * outlying (an older version said 18 patients; the higher version stands). Occupancy 100 × 22 /
   * 20 = 110 %, overcrowding 100 × 2 / 20 = 10, outlying 100 × 1 / 20 = 5 per 100 beds.
   */
  @Test
  void shouldGiveTheCensusRatesOfTheNewestVersion() throws Exception {
    String row =
        "INSERT INTO sakervard.census_current (level, region_code, hospital_code, unit_code,"
            + " care_type, technical_unit, as_of, occupied, outlying, available, overcrowded, units,"
            + " version) VALUES ('UNIT', 'R9', 'R9-H1', 'R9-H1-U1', 'SOMATIC', false,"
            + " '2026-03-02 10:00:00', %s, 1, 20, %s, 1, %d)";
    STACK.execute(String.format(row, 18, 0, 1));
    STACK.execute(String.format(row, 22, 2, 2));

    assertThat(
            STACK.query(
                "SELECT o.value, o.numerator, o.denominator, c.value, c.numerator, l.value,"
                    + " o.period, toString(o.time)"
                    + " FROM sakervard.bi_occupancy_percent o"
                    + " JOIN sakervard.bi_overcrowding_per_100_beds c USING (region, unit, period)"
                    + " JOIN sakervard.bi_outlying_per_100_beds l USING (region, unit, period)"
                    + " WHERE o.region = 'R9'"))
        .containsExactly(
            List.of(
                "110.0",
                "22.0",
                "20.0",
                "10.0",
                "2.0",
                "5.0",
                "CURRENT",
                "2026-03-02 10:00:00.000"));
  }

  /**
   * A month is complete only with all its days: February 2026 with a 06:00 snapshot on each of its
   * 28 days is complete, March with its first 3 days partial; infection counts of February whose
   * newest ended day is the 28th are complete, of March (ended through the 3rd) partial.
   */
  @Test
  void shouldSayWhichMonthsArePartial() throws Exception {
    StringBuilder snapshots =
        new StringBuilder(
            "INSERT INTO sakervard.census_figures (period_kind, level, region_code, hospital_code,"
                + " unit_code, care_type, technical_unit, period_start, period_end, occupied,"
                + " outlying, available, overcrowded, patient_days, units, version) VALUES ");
    StringBuilder incidence =
        new StringBuilder(
            "INSERT INTO sakervard.infection_incidence (level, region_code, hospital_code,"
                + " unit_code, day, period, infection_type, cases, patient_days, version) VALUES ");
    java.time.LocalDate day = java.time.LocalDate.of(2026, 2, 1);
    for (int i = 0; i < 31; i++, day = day.plusDays(1)) {
      String at = day + " 05:00:00";
      snapshots.append(
          String.format(
              "%s('DAILY_SNAPSHOT', 'UNIT', 'R8', 'R8-H1', 'R8-H1-U1', 'SOMATIC', false, '%s',"
                  + " '%s', 10, 0, 10, 0, NULL, 1, 1)",
              i == 0 ? "" : ", ", at, at));
      incidence.append(
          String.format(
              "%s('UNIT', 'R8', 'R8-H1', 'R8-H1-U1', '%s', 'MONTH_TO_DATE', 'ALL', 7, 100, 1)",
              i == 0 ? "" : ", ", day));
    }
    STACK.execute(snapshots.toString());
    STACK.execute(incidence.toString());

    assertThat(
            STACK.query(
                "SELECT toString(month), snapshot_days, complete FROM"
                    + " sakervard.bi_official_census_monthly WHERE region = 'R8' ORDER BY month"))
        .containsExactly(List.of("2026-02-01", "28", "1"), List.of("2026-03-01", "3", "0"));
    assertThat(
            STACK.query(
                "SELECT toString(month), complete FROM sakervard.bi_public_infections_monthly"
                    + " WHERE region = 'R8' ORDER BY month"))
        .containsExactly(List.of("2026-02-01", "1"), List.of("2026-03-01", "0"));
  }

  /**
   * Clusters at R5-H1: c1 open on U1 with 2 cases, c2 open on U2 with 3, c3 on U2 closed. U1: 1
   * open (2 cases); U2: 1 open (3 cases; the closed one does not count); the hospital: 2 open (5
   * cases).
   */
  @Test
  void shouldCountTheOpenClustersOfEachUnitAndHospital() throws Exception {
    STACK.execute(
        "INSERT INTO sakervard.infection_clusters (cluster_id, region_code, hospital_code,"
            + " unit_code, pathogen, case_refs, cases, first_onset, opened_at, last_onset,"
            + " closed_at, status, version) VALUES"
            + " ('c1', 'R5', 'R5-H1', 'R5-H1-U1', 'organism:x', ['a', 'b'], 2, '2026-01-01',"
            + " '2026-01-02', '2026-01-02', NULL, 'OPEN', 8),"
            + " ('c2', 'R5', 'R5-H1', 'R5-H1-U2', 'organism:x', ['c', 'd', 'e'], 3, '2026-01-01',"
            + " '2026-01-02', '2026-01-05', NULL, 'OPEN', 12),"
            + " ('c3', 'R5', 'R5-H1', 'R5-H1-U2', 'organism:y', ['f', 'g'], 2, '2026-01-01',"
            + " '2026-01-02', '2026-01-03', '2026-01-17', 'CLOSED', 9)");

    assertThat(
            STACK.query(
                "SELECT level, unit, value, numerator FROM sakervard.bi_open_infection_clusters"
                    + " WHERE region = 'R5' ORDER BY level, unit"))
        .containsExactly(
            List.of("HOSPITAL", "", "2.0", "5.0"),
            List.of("UNIT", "R5-H1-U1", "1.0", "2.0"),
            List.of("UNIT", "R5-H1-U2", "1.0", "3.0"));
  }

  /**
   * Hospital R8-H1 reported 100 + 100 cases in January and February 2025 and 110 + 120 in 2026:
   * 2026 is 230 against 200, +15 %. 2023 had 50, 2024 nothing: 2025 has no year before to compare
   * with (NULL, not a change against 2023).
   */
  @Test
  void shouldGiveTheYearlyReportsChangeAgainstTheYearBefore() throws Exception {
    for (String[] m :
        new String[][] {
          {"2023-05-01", "50", "1"},
          {"2025-01-01", "100", "2"},
          {"2025-02-01", "100", "0"},
          {"2026-01-01", "110", "3"},
          {"2026-02-01", "120", "1"}
        }) {
      STACK.execute(deviationMonth("R8", m[0], Integer.parseInt(m[1]), Integer.parseInt(m[2]), 1));
    }

    assertThat(
            rows(
                "SELECT year, months, reported, serious_care_injuries, reported_previous_year,"
                    + " reported_change_percent FROM sakervard.bi_official_deviations_yearly"
                    + " WHERE region = 'R8' ORDER BY year"))
        .containsExactly(
            List.of("2023", "1", "50", "1", "NULL", "NULL"),
            List.of("2025", "2", "200", "2", "NULL", "NULL"),
            List.of("2026", "2", "230", "4", "200", "15.0"));
  }

  /**
   * May 2026 at R7-H1: 4 reported (1 to 4 are suppressed at the default minimum 5), 1 serious care
   * injury (suppressed), no lex Maria report (0 identifies no one: shown); June: 12 reported
   * (shown). With the minimum set to 3, May's 4 is shown, its 1 still suppressed.
   */
  @Test
  void shouldSuppressSmallCountsForWiderAudiences() throws Exception {
    STACK.execute(deviationMonth("R7", "2026-05-01", 4, 1, 0));
    STACK.execute(deviationMonth("R7", "2026-06-01", 12, 0, 0));
    String query =
        "SELECT toString(month), reported, serious_care_injuries, lex_maria_filed, suppressed"
            + " FROM sakervard.bi_public_deviations_monthly WHERE region = 'R7' ORDER BY month";

    assertThat(rows(query))
        .containsExactly(
            List.of("2026-05-01", "NULL", "NULL", "0", "1"),
            List.of("2026-06-01", "12", "0", "0", "0"));

    STACK.execute(
        "INSERT INTO sakervard.bi_settings (name, value, updated_at)"
            + " VALUES ('small_cell_minimum', 3, now64(3) + 1)");
    try {
      assertThat(rows(query))
          .containsExactly(
              List.of("2026-05-01", "4", "NULL", "0", "1"),
              List.of("2026-06-01", "12", "0", "0", "0"));
    } finally {
      STACK.execute(
          "INSERT INTO sakervard.bi_settings (name, value, updated_at)"
              + " VALUES ('small_cell_minimum', 5, now64(3) + 2)");
    }
  }

  @Test
  void shouldDeleteFineGrainedRowsAndKeepTheCoarserOnes() throws Exception {
    assertThat(
            STACK.query(
                "SELECT name FROM system.tables WHERE database = 'sakervard' AND name IN"
                    + " ('census_figures', 'deviation_daily', 'deviation_reported_rolling',"
                    + " 'infection_incidence', 'hygiene_compliance', 'multi_resistant_findings',"
                    + " 'here_and_now_levels') AND position(create_table_query, ' TTL ') > 0"))
        .hasSize(7);
    // The official figures rest on rows without a TTL.
    assertThat(
            STACK.query(
                "SELECT name FROM system.tables WHERE database = 'sakervard' AND name IN"
                    + " ('census_current', 'deviation_monthly', 'alert_audit')"
                    + " AND position(create_table_query, ' TTL ') > 0"))
        .isEmpty();
  }

  /**
   * The production access DDL cannot run on the local engine (no users or roles), so each statement
   * is parsed by the real engine's parser, and every sakervard table or view it names must exist.
   */
  @Test
  void shouldHaveProductionAccessStatementsThatParseAndNameExistingTables() throws Exception {
    Path dir = ClickHouseSchema.sqlDir().resolve("production");
    List<String> statements = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        statements.addAll(ClickHouseSchema.statements(Files.readAllLines(f)));
      }
    }
    assertThat(statements).hasSizeGreaterThan(10);
    List<String> named = new ArrayList<>();
    Matcher m = Pattern.compile("sakervard\\.(\\w+)").matcher(String.join("\n", statements));
    while (m.find()) {
      named.add(m.group(1));
    }
    for (String s : statements) {
      assertThat(STACK.query("EXPLAIN AST " + s)).as(s).isNotEmpty();
    }
    for (String table : named.stream().distinct().toList()) {
      assertThat(
              STACK.query(
                  "SELECT name FROM system.tables WHERE database = 'sakervard' AND name = '"
                      + table
                      + "'"))
          .as("sakervard.%s named in sql/production exists", table)
          .hasSize(1);
    }
  }

  /** The rows of a query, NULL rendered as "NULL". */
  private static List<List<String>> rows(String sql) throws Exception {
    return STACK.query(sql).stream()
        .map(r -> r.stream().map(v -> v == null ? "NULL" : v).toList())
        .toList();
  }

  private static String deviationMonth(
      String region, String month, int reported, int serious, int lexMaria) {
    return "INSERT INTO sakervard.deviation_monthly (level, region_code, hospital_code, unit_code,"
        + " month, reported, serious_care_injuries, lex_maria_filed, is_final, version) VALUES"
        + " ('HOSPITAL', '"
        + region
        + "', '"
        + region
        + "-H1', '', '"
        + month
        + "', "
        + reported
        + ", "
        + serious
        + ", "
        + lexMaria
        + ", true, 1)";
  }
}
