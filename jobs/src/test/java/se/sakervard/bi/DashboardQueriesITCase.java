package se.sakervard.bi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.testing.LocalStackExtension;

/**
 * The Grafana dashboards ({@code infra/grafana/dashboards}) against the real schema: every
 * ClickHouse panel query and template-variable query, with Grafana's macros and variables replaced
 * by concrete values, runs on ClickHouse filled with hand-made rows and must return rows with the
 * columns the panel expects (declared below). A view or column a dashboard needs that is renamed or
 * dropped fails the build here. Also: a freshness mark on every ClickHouse panel, the targets of
 * the trends, and the Prometheus metric names of the pipeline dashboard against docs/operations.md
 * "Metrics" and Flink's standard metrics.
 */
class DashboardQueriesITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  static final Path GRAFANA = Path.of("..", "infra", "grafana");
  static final Path PROMETHEUS = Path.of("..", "infra", "prometheus");
  static final String CLICKHOUSE = "grafana-clickhouse-datasource";
  static final String PROMETHEUS_TYPE = "prometheus";

  /** The dashboard time range the test chooses for {@code $__timeFilter}. */
  static final Instant FROM = Instant.parse("2026-02-01T00:00:00Z");

  static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

  /** Values of the query variables; {@code hospital} is also run as All. */
  static final Map<String, String> QUERY_VARIABLES = Map.of("region", "R9", "hospital", "R9-H1");

  static final String ALL = "$__all";

  static final List<String> TABLE_FRESHNESS = List.of("freshness", "age_min");
  static final List<String> TREND = List.of("time", "place", "value");

  /** The columns each ClickHouse query must return, in order: "dashboard uid / panel title". */
  static final Map<String, List<String>> EXPECTED_COLUMNS = new LinkedHashMap<>();

  static {
    String hn = "sakervard-here-and-now / ";
    expect(hn + "var region", List.of("region"));
    expect(hn + "var hospital", List.of("hospital"));
    expect(
        hn + "Region ${region}: worst hospital level now",
        List.of("worst_level", "hospitals_at_3_or_4", "freshness", "age_min"));
    expect(hn + "Level per hospital", List.of("hospital", "level_now", "freshness", "age_min"));
    expect(
        hn + "Hospitals: level and reasons",
        List.of("hospital", "level_now", "reasons", "not_judged", "as_of", "freshness", "age_min"));
    expect(
        hn + "Units of ${hospital}: level and reasons",
        List.of(
            "hospital",
            "unit",
            "level_now",
            "reasons",
            "not_judged",
            "as_of",
            "freshness",
            "age_min"));
    List<String> census =
        List.of(
            "care_type",
            "occupancy_percent",
            "overcrowding_per_100_beds",
            "outlying_per_100_beds",
            "occupied",
            "available_beds",
            "as_of",
            "freshness",
            "age_min");
    expect(hn + "Census now per hospital", concat(List.of("hospital"), census));
    expect(hn + "Census now per unit of ${hospital}", concat(List.of("hospital", "unit"), census));
    expect(hn + "Open alerts: count", List.of("open_critical", "open_all", "freshness", "age_min"));
    expect(
        hn + "Open alerts",
        List.of(
            "rule",
            "urgency",
            "place_level",
            "hospital",
            "unit",
            "latest_step",
            "latest_at",
            "fired_at",
            "escalation",
            "acknowledged_by",
            "fired_value",
            "dedup_key",
            "freshness",
            "age_min"));
    String tr = "sakervard-trends / ";
    expect(tr + "var region", List.of("region"));
    expect(tr + "var hospital", List.of("hospital"));
    for (String panel :
        List.of(
            "Overcrowding per 100 available beds (target: at most 5)",
            "Occupancy % (target: at most 92.5 %)",
            "Outlying patients per 100 available beds (reference: 2.2)",
            "Deviations closed within 30 days of report, % (by month of report)",
            "Deviations reported per month",
            "Serious care injuries per month",
            "VRI incidence per 1000 patient days",
            "Hygiene compliance, all 8 steps % (target: at least 80 %)")) {
      expect(tr + panel, TREND);
    }
  }

  /** Targets drawn as thresholds on the trends: panel title to target. */
  static final Map<String, Double> TARGETS =
      Map.of(
          "Overcrowding per 100 available beds (target: at most 5)", 5.0,
          "Occupancy % (target: at most 92.5 %)", 92.5,
          "Outlying patients per 100 available beds (reference: 2.2)", 2.2,
          "Hygiene compliance, all 8 steps % (target: at least 80 %)", 80.0);

  private static void expect(String key, List<String> columns) {
    EXPECTED_COLUMNS.put(key, columns);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** One query of a dashboard: a panel target or a template variable. */
  record Query(
      String dashboard,
      String panel,
      String datasource,
      String format,
      String text,
      JsonNode panelNode,
      Map<String, List<String>> customVariables) {
    String key() {
      return dashboard + " / " + panel;
    }
  }

  // ------------------------------------------------------------------------------- the data

  /**
   * Region R9, hospitals R9-H1 and R9-H2 with one unit each, both care types; figures on 2 March
   * 2026, months February and March; alerts: one escalated (R9-H1, open), one resolved (R9-H1), one
   * acknowledged (R9-H2, open).
   */
  @BeforeAll
  static void fillClickHouse() throws Exception {
    String[][] places = {
      {"HOSPITAL", "R9-H1", ""}, {"HOSPITAL", "R9-H2", ""},
      {"UNIT", "R9-H1", "R9-H1-U1"}, {"UNIT", "R9-H2", "R9-H2-U1"}
    };
    for (String[] p : places) {
      for (String careType : List.of("SOMATIC", "PSYCHIATRIC")) {
        String key =
            String.format("'%s', 'R9', '%s', '%s', '%s', false", p[0], p[1], p[2], careType);
        STACK.execute(
            "INSERT INTO sakervard.census_current (level, region_code, hospital_code, unit_code,"
                + " care_type, technical_unit, as_of, occupied, outlying, available, overcrowded,"
                + " units, version) VALUES ("
                + key
                + ", '2026-03-02 10:00:00', 22, 1, 20, 2, 1, 1)");
        for (String[] period :
            new String[][] {
              {"HOUR", "2026-03-02 09:00:00", "2026-03-02 10:00:00"},
              {"HOUR", "2026-03-02 10:00:00", "2026-03-02 11:00:00"},
              {"DAILY_SNAPSHOT", "2026-03-02 05:00:00", "2026-03-02 05:00:00"}
            }) {
          STACK.execute(
              "INSERT INTO sakervard.census_figures (period_kind, level, region_code,"
                  + " hospital_code, unit_code, care_type, technical_unit, period_start, period_end,"
                  + " occupied, outlying, available, overcrowded, units, version) VALUES ('"
                  + period[0]
                  + "', "
                  + key
                  + ", '"
                  + period[1]
                  + "', '"
                  + period[2]
                  + "', 21, 1, 20, 1, 1, 1)");
        }
      }
      String place = String.format("'%s', 'R9', '%s', '%s'", p[0], p[1], p[2]);
      for (String month : List.of("2026-02-01", "2026-03-01")) {
        STACK.execute(
            "INSERT INTO sakervard.deviation_monthly (level, region_code, hospital_code, unit_code,"
                + " month, reported, serious_care_injuries, closed_within_30_days, version) VALUES ("
                + place
                + ", '"
                + month
                + "', 40, 1, 30, 1)");
      }
      for (String period : List.of("DAY", "ROLLING_30_DAYS", "MONTH_TO_DATE")) {
        STACK.execute(
            "INSERT INTO sakervard.infection_incidence (level, region_code, hospital_code,"
                + " unit_code, day, period, infection_type, cases, patient_days, version) VALUES ("
                + place
                + ", '2026-03-02', '"
                + period
                + "', 'ALL', 2, 250, 1)");
        STACK.execute(
            "INSERT INTO sakervard.hygiene_compliance (level, region_code, hospital_code, unit_code,"
                + " day, period, observations, all_correct, hygiene_correct, dress_code_correct,"
                + " version) VALUES ("
                + place
                + ", '2026-03-02', '"
                + period
                + "', 20, 15, 17, 19, 1)");
      }
    }
    STACK.execute(
        "INSERT INTO sakervard.here_and_now_levels (level, region_code, hospital_code, unit_code,"
            + " as_of, here_and_now_level, reasons, not_judged, version) VALUES"
            + " ('HOSPITAL', 'R9', 'R9-H1', '', '2026-03-02 10:00:00', 3,"
            + " ['census.overcrowding_per_100_beds 10.0 >= 10 (level 3)'], [], 1),"
            + " ('HOSPITAL', 'R9', 'R9-H2', '', '2026-03-02 10:00:00', 1, [],"
            + " ['infections.hygiene_compliance_percent: 4 observations < 10'], 1),"
            + " ('UNIT', 'R9', 'R9-H1', 'R9-H1-U1', '2026-03-02 10:00:00', 2,"
            + " ['census.occupancy_percent 110.0 >= 110 (level 2)'], [], 1),"
            + " ('UNIT', 'R9', 'R9-H2', 'R9-H2-U1', '2026-03-02 10:00:00', 1, [], [], 1)");
    String audit =
        "INSERT INTO sakervard.alert_audit (at, dedup_key, rule, urgency, step, level,"
            + " region_code, hospital_code, unit_code, sequence, escalation, attempt, value, by_whom,"
            + " detail) VALUES ";
    String open = "'hospital-overcrowding|HOSPITAL R9-H1|2026-03-02T08:00:00Z'";
    String resolved = "'hospital-occupancy|HOSPITAL R9-H1|2026-03-02T03:00:00Z'";
    String acknowledged = "'hospital-hygiene|HOSPITAL R9-H2|2026-03-02T07:00:00Z'";
    STACK.execute(
        audit
            + "('2026-03-02 06:00:00', "
            + open
            + ", 'hospital-overcrowding', 'ACT_NOW', 'PENDING', 'HOSPITAL', 'R9', 'R9-H1', '', 0,"
            + " 0, 0, 10.5, NULL, ''),"
            + " ('2026-03-02 08:00:00', "
            + open
            + ", 'hospital-overcrowding', 'ACT_NOW', 'FIRING', 'HOSPITAL', 'R9', 'R9-H1', '', 1,"
            + " 0, 0, 10.5, NULL, ''),"
            + " ('2026-03-02 08:00:00', "
            + open
            + ", 'hospital-overcrowding', 'ACT_NOW', 'DELIVERED', 'HOSPITAL', 'R9', 'R9-H1', '', 1,"
            + " 0, 1, NULL, NULL, 'after 1 attempt'),"
            + " ('2026-03-02 08:15:00', "
            + open
            + ", 'hospital-overcrowding', 'ACT_NOW', 'ESCALATED', 'HOSPITAL', 'R9', 'R9-H1', '', 2,"
            + " 1, 0, 10.5, NULL, ''),"
            + " ('2026-03-02 03:00:00', "
            + resolved
            + ", 'hospital-occupancy', 'ACT_NOW', 'FIRING', 'HOSPITAL', 'R9', 'R9-H1', '', 1,"
            + " 0, 0, 101.0, NULL, ''),"
            + " ('2026-03-02 05:00:00', "
            + resolved
            + ", 'hospital-occupancy', 'ACT_NOW', 'RESOLVED', 'HOSPITAL', 'R9', 'R9-H1', '', 2,"
            + " 0, 0, 95.0, NULL, ''),"
            + " ('2026-03-02 07:00:00', "
            + acknowledged
            + ", 'hospital-hygiene', 'ACT_TODAY', 'FIRING', 'HOSPITAL', 'R9', 'R9-H2', '', 1,"
            + " 0, 0, 74.0, NULL, ''),"
            + " ('2026-03-02 07:30:00', "
            + acknowledged
            + ", 'hospital-hygiene', 'ACT_TODAY', 'ACKNOWLEDGED', 'HOSPITAL', 'R9', 'R9-H2', '', 0,"
            + " 0, 0, NULL, 'Hygiensjuksköterska', '')");
  }

  // ------------------------------------------------------------------ the queries, on ClickHouse

  @TestFactory
  Stream<DynamicTest> everyClickHouseQueryReturnsRowsOfTheExpectedColumns() throws IOException {
    List<Query> queries = clickHouseQueries();
    assertThat(queries.stream().map(Query::key).toList())
        .as("one query per panel, each declared in EXPECTED_COLUMNS, each declared one present")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(EXPECTED_COLUMNS.keySet());
    return queries.stream()
        .flatMap(
            q ->
                renderings(q).entrySet().stream()
                    .map(
                        r ->
                            DynamicTest.dynamicTest(
                                q.key() + " [" + r.getKey() + "]",
                                () -> check(q, r.getValue(), EXPECTED_COLUMNS.get(q.key())))));
  }

  /**
   * Every rendering a query is run in: hospital one hospital and All (when the variable has All),
   * and every combination of the options of the custom variables it uses.
   */
  static Map<String, String> renderings(Query q) {
    List<Map<String, String>> settings = new ArrayList<>();
    settings.add(new LinkedHashMap<>(QUERY_VARIABLES));
    if (q.text().contains("$hospital") || q.text().contains("${hospital")) {
      Map<String, String> all = new LinkedHashMap<>(QUERY_VARIABLES);
      all.put("hospital", ALL);
      settings.add(all);
    }
    for (Map.Entry<String, List<String>> custom : q.customVariables().entrySet()) {
      if (!Pattern.compile("\\$\\{?" + custom.getKey() + "\\b").matcher(q.text()).find()) {
        continue;
      }
      List<Map<String, String>> more = new ArrayList<>();
      for (Map<String, String> s : settings) {
        for (String option : custom.getValue()) {
          Map<String, String> t = new LinkedHashMap<>(s);
          t.put(custom.getKey(), option);
          more.add(t);
        }
      }
      settings = more;
    }
    Map<String, String> rendered = new LinkedHashMap<>();
    for (Map<String, String> s : settings) {
      rendered.put(s.toString(), render(q.text(), s));
    }
    return rendered;
  }

  /** Runs the query; at least one row, exactly the expected columns, and links to real columns. */
  static void check(Query q, String sql, List<String> expected) throws Exception {
    List<String> columns = new ArrayList<>();
    int rows = 0;
    try (Connection connection = DriverManager.getConnection(STACK.jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      while (result.next()) {
        rows++;
      }
    } catch (SQLException e) {
      throw new AssertionError(q.key() + ": the query fails on the schema: " + e.getMessage(), e);
    }
    assertThat(columns).as(q.key() + ": columns of\n" + sql).isEqualTo(expected);
    assertThat(rows).as(q.key() + ": rows of\n" + sql).isPositive();
    if (q.panelNode() != null) {
      assertThat(columns)
          .as(q.key() + ": fields the panel's overrides and data links name")
          .containsAll(fieldsNamedByPanel(q.panelNode()));
    }
  }

  /** Field names a panel's overrides ({@code byName}) and data links refer to. */
  static Set<String> fieldsNamedByPanel(JsonNode panel) {
    Set<String> names = new TreeSet<>();
    for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
      if ("byName".equals(override.path("matcher").path("id").asText())) {
        names.add(override.path("matcher").path("options").asText());
      }
    }
    Matcher link = Pattern.compile("__data\\.fields\\.(\\w+)").matcher(panel.toString());
    while (link.find()) {
      names.add(link.group(1));
    }
    return names;
  }

  // ------------------------------------------------------------------- macros and variables

  private static final Pattern TIME_FILTER =
      Pattern.compile("\\$__timeFilter\\(\\s*([^)]+?)\\s*\\)");
  private static final Pattern FORMATTED = Pattern.compile("\\$\\{(\\w+):(\\w+)\\}");
  private static final Pattern PLAIN = Pattern.compile("\\$\\{(\\w+)\\}|\\$(?!__)(\\w+)");

  /**
   * The query as the ClickHouse plugin would send it: {@code $__conditionalAll(cond, $var)} is
   * {@code 1=1} for All and cond otherwise; {@code $__timeFilter(col)} is {@code col >=
   * toDateTime(from) AND col <= toDateTime(to)}; {@code ${var:singlequote}} is the quoted value.
   * Any other {@code $} fails.
   */
  static String render(String sql, Map<String, String> variables) {
    String s = conditionalAll(sql, variables);
    s =
        TIME_FILTER
            .matcher(s)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        m.group(1)
                            + " >= toDateTime("
                            + FROM.getEpochSecond()
                            + ") AND "
                            + m.group(1)
                            + " <= toDateTime("
                            + TO.getEpochSecond()
                            + ")"));
    s =
        FORMATTED
            .matcher(s)
            .replaceAll(
                m -> {
                  String value = value(variables, m.group(1), sql);
                  if (!m.group(2).equals("singlequote")) {
                    throw new AssertionError(
                        "Unknown variable format " + m.group() + " in\n" + sql);
                  }
                  return Matcher.quoteReplacement("'" + value.replace("'", "\\'") + "'");
                });
    s =
        PLAIN
            .matcher(s)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        value(variables, m.group(1) != null ? m.group(1) : m.group(2), sql)));
    if (s.contains("$")) {
      throw new AssertionError("Unknown Grafana macro or variable left in\n" + s);
    }
    return s;
  }

  private static String value(Map<String, String> variables, String name, String sql) {
    String value = variables.get(name);
    if (value == null) {
      throw new AssertionError("Unknown variable $" + name + " in\n" + sql);
    }
    if (value.equals(ALL)) {
      throw new AssertionError("$" + name + " used outside $__conditionalAll in\n" + sql);
    }
    return value;
  }

  private static String conditionalAll(String sql, Map<String, String> variables) {
    String macro = "$__conditionalAll(";
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int at = sql.indexOf(macro); at >= 0; at = sql.indexOf(macro, from)) {
      out.append(sql, from, at);
      int depth = 1;
      int i = at + macro.length();
      int lastComma = -1;
      for (; depth > 0; i++) {
        if (i >= sql.length()) {
          throw new AssertionError("Unbalanced $__conditionalAll in\n" + sql);
        }
        char c = sql.charAt(i);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (c == ',' && depth == 1) {
          lastComma = i;
        }
      }
      if (lastComma < 0) {
        throw new AssertionError("$__conditionalAll without a variable in\n" + sql);
      }
      String condition = sql.substring(at + macro.length(), lastComma).trim();
      Matcher variable =
          Pattern.compile("\\$\\{?(\\w+)\\}?").matcher(sql.substring(lastComma + 1, i - 1).trim());
      if (!variable.matches()) {
        throw new AssertionError(
            "$__conditionalAll's second argument is no plain variable: " + sql);
      }
      out.append(ALL.equals(variables.get(variable.group(1))) ? "1=1" : condition);
      from = i;
    }
    return out.append(sql.substring(from)).toString();
  }

  // ----------------------------------------------------------------- reading the dashboards

  static List<JsonNode> dashboards() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GRAFANA)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        all.add(new ObjectMapper().readTree(file.toFile()));
      }
    }
    assertThat(all)
        .as("dashboards under " + GRAFANA.toAbsolutePath())
        .hasSizeGreaterThanOrEqualTo(3);
    return all;
  }

  static List<Query> queries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (JsonNode dashboard : dashboards()) {
      String uid = dashboard.path("uid").asText();
      Map<String, List<String>> custom = new LinkedHashMap<>();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("custom")) {
          List<String> options = new ArrayList<>();
          for (String option : variable.path("query").asText().split(",")) {
            options.add(option.trim());
          }
          custom.put(variable.path("name").asText(), options);
        }
      }
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          JsonNode query = variable.path("query");
          String text =
              query.isTextual()
                  ? query.asText()
                  : query.has("rawSql")
                      ? query.path("rawSql").asText()
                      : query.path("query").asText();
          queries.add(
              new Query(
                  uid,
                  "var " + variable.path("name").asText(),
                  variable.path("datasource").path("type").asText(),
                  "table",
                  text,
                  null,
                  custom));
        }
      }
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          String type =
              target
                  .path("datasource")
                  .path("type")
                  .asText(panel.path("datasource").path("type").asText());
          String text;
          if (type.equals(CLICKHOUSE)) {
            assertThat(target.has("rawSql"))
                .as(
                    uid
                        + " / "
                        + panel.path("title").asText()
                        + ": a ClickHouse target in SQL mode")
                .isTrue();
            text = target.path("rawSql").asText();
          } else {
            text = target.path("expr").asText();
          }
          queries.add(
              new Query(
                  uid,
                  panel.path("title").asText(),
                  type,
                  target.path("format").asInt(1) == 0 ? "timeseries" : "table",
                  text,
                  panel,
                  custom));
        }
      }
    }
    return queries;
  }

  static List<Query> clickHouseQueries() throws IOException {
    return queries().stream().filter(q -> q.datasource().equals(CLICKHOUSE)).toList();
  }

  /** Every panel, also those inside rows. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  // -------------------------------------------------------------------------- unit checks

  @Test
  void shouldSetUidTitleAndTheRegionAndHospitalVariablesOnEveryClickHouseDashboard()
      throws IOException {
    for (JsonNode dashboard : dashboards()) {
      assertThat(dashboard.path("uid").asText()).as("uid").isNotBlank();
      assertThat(dashboard.path("title").asText()).as("title").isNotBlank();
      boolean clickHouse =
          panels(dashboard).stream()
              .anyMatch(p -> p.path("datasource").path("type").asText().equals(CLICKHOUSE));
      if (clickHouse) {
        Set<String> variables = new HashSet<>();
        dashboard
            .path("templating")
            .path("list")
            .forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).as(dashboard.path("uid").asText()).contains("region", "hospital");
      }
    }
  }

  /**
   * A freshness mark on every ClickHouse panel: a table or stat returns {@code freshness} (max
   * freshness of its rows) and {@code age_min}; a time series names its series with max(freshness).
   */
  @Test
  void shouldMarkFreshnessOnEveryClickHousePanel() throws IOException {
    for (Query q : clickHouseQueries()) {
      if (q.panel().startsWith("var ")) {
        continue;
      }
      if (q.format().equals("timeseries")) {
        assertThat(q.text()).as(q.key()).contains("max(freshness)");
        assertThat(EXPECTED_COLUMNS.get(q.key())).as(q.key()).isEqualTo(TREND);
      } else {
        assertThat(q.text()).as(q.key()).contains("freshness");
        assertThat(EXPECTED_COLUMNS.get(q.key())).as(q.key()).containsSequence(TABLE_FRESHNESS);
      }
    }
  }

  @Test
  void shouldDrawEveryTargetOnItsTrend() throws IOException {
    JsonNode trends =
        dashboards().stream()
            .filter(d -> d.path("uid").asText().equals("sakervard-trends"))
            .findFirst()
            .orElseThrow();
    Map<String, Double> found = new LinkedHashMap<>();
    for (JsonNode panel : panels(trends)) {
      JsonNode defaults = panel.path("fieldConfig").path("defaults");
      if (!defaults
          .path("custom")
          .path("thresholdsStyle")
          .path("mode")
          .asText("off")
          .equals("off")) {
        for (JsonNode step : defaults.path("thresholds").path("steps")) {
          if (!step.path("value").isNull()) {
            found.put(panel.path("title").asText(), step.path("value").asDouble());
          }
        }
      }
    }
    assertThat(found).isEqualTo(TARGETS);
  }

  /** Grafana's ClickHouse user has sakervard_bi_reader: every object a panel reads is granted. */
  @Test
  void shouldReadOnlyWhatTheBiReaderRoleIsGranted() throws IOException {
    String grants = Files.readString(Path.of("..", "sql", "production", "010_bi_access.sql"));
    Set<String> granted = new TreeSet<>();
    Matcher grant =
        Pattern.compile("GRANT SELECT ON (sakervard\\.\\w+) TO sakervard_bi_reader")
            .matcher(grants);
    while (grant.find()) {
      granted.add(grant.group(1));
    }
    for (Query q : clickHouseQueries()) {
      Matcher object = Pattern.compile("sakervard\\.\\w+").matcher(q.text());
      while (object.find()) {
        assertThat(granted).as(q.key()).contains(object.group());
      }
    }
  }

  @Test
  void shouldProvisionTheDataSourcesTheDashboardsUseWithoutALiteralPassword() throws IOException {
    String yaml = Files.readString(GRAFANA.resolve("provisioning/datasources/datasources.yaml"));
    assertThat(yaml).contains("type: " + CLICKHOUSE, "type: prometheus");
    Matcher passwordField = Pattern.compile("(?m)^\\s*\"?password\"?\\s*:\\s*(\\S*)").matcher(yaml);
    int passwords = 0;
    while (passwordField.find()) {
      passwords++;
      assertThat(passwordField.group(1).trim()).isEqualTo("$__env{CLICKHOUSE_PASSWORD}");
    }
    assertThat(passwords).isEqualTo(1);
    Set<String> uids = new TreeSet<>();
    Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)").matcher(yaml);
    while (uid.find()) {
      uids.add(uid.group(1));
    }
    for (JsonNode dashboard : dashboards()) {
      Matcher used =
          Pattern.compile("\"datasource\":\\{\"type\":\"[^\"]+\",\"uid\":\"([^\"]+)\"")
              .matcher(dashboard.toString());
      while (used.find()) {
        assertThat(uids).as(dashboard.path("uid").asText()).contains(used.group(1));
      }
    }
    assertThat(Files.readString(GRAFANA.resolve("provisioning/dashboards/dashboards.yaml")))
        .contains("type: file");
  }

  /**
   * Every metric the pipeline dashboard and the Prometheus rules name is a meter documented in
   * docs/operations.md ("Metrics") as Flink's Prometheus reporter names it (FlinkMicrometer: each
   * tag key joins the name, in key order; timers give count, total, max and, for their percentiles,
   * a {@code phi} tag and percentile_value; the sink meters are published under the {@code
   * jvm_sinks} group, EventLatencyProbe), or one of Flink's standard metrics; and every documented
   * meter is on it.
   */
  @Test
  void shouldNameOnlyDocumentedMetrics() throws IOException {
    Set<String> documented = new TreeSet<>(FLINK_STANDARD);
    Set<String> meters = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("..", "docs", "operations.md"))) {
      if (!line.startsWith("| `sakervard.")) {
        continue;
      }
      String[] cells = line.split("\\|");
      List<String> names = backticked(cells[1]);
      List<String> tags = backticked(cells[2]);
      boolean timer = cells[1].contains("timer");
      for (String meter : names) {
        meters.add(meter);
        String group =
            "flink_taskmanager_job_task_operator_"
                + (meter.startsWith("sakervard.sink.") ? "jvm_sinks_" : "");
        String base = meter.replace('.', '_');
        List<String> keys = new ArrayList<>(new TreeSet<>(tags));
        for (String statistic : timer ? List.of("count", "total", "max") : List.of("count")) {
          documented.add(group + String.join("_", keys) + "_" + base + "_" + statistic);
        }
        if (timer) {
          TreeSet<String> withPhi = new TreeSet<>(tags);
          withPhi.add("phi");
          documented.add(group + String.join("_", withPhi) + "_" + base + "_percentile_value");
        }
      }
    }
    assertThat(meters).as("documented meters").hasSize(12);

    StringBuilder promQl = new StringBuilder();
    for (Query q : queries()) {
      if (q.datasource().equals(PROMETHEUS_TYPE)) {
        promQl.append(q.text()).append('\n');
      }
    }
    try (Stream<Path> files = Files.list(PROMETHEUS)) {
      for (Path file : files.toList()) {
        promQl.append(Files.readString(file)).append('\n');
      }
    }
    Set<String> used = new TreeSet<>();
    Matcher metric = Pattern.compile("\\bflink_[A-Za-z0-9_]+").matcher(promQl);
    while (metric.find()) {
      used.add(metric.group());
    }
    assertThat(used).isNotEmpty();
    assertThat(documented).as("metrics named by the dashboard and rules").containsAll(used);
    for (String meter : meters) {
      assertThat(used)
          .as("documented meter " + meter + " on the pipeline dashboard")
          .anyMatch(m -> m.contains(meter.replace('.', '_') + "_"));
    }
  }

  /**
   * Flink's standard metric names (Flink docs "Metrics": job checkpointing, availability,
   * connectors).
   */
  static final Set<String> FLINK_STANDARD =
      Set.of(
          "flink_jobmanager_job_numRestarts",
          "flink_jobmanager_job_lastCheckpointDuration",
          "flink_jobmanager_job_lastCheckpointSize",
          "flink_jobmanager_job_lastCheckpointFullSize",
          "flink_jobmanager_job_numberOfFailedCheckpoints",
          "flink_jobmanager_job_numberOfCompletedCheckpoints",
          "flink_taskmanager_job_task_operator_pendingRecords",
          "flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max");

  private static List<String> backticked(String cell) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
    while (m.find()) {
      words.add(m.group(1));
    }
    return words;
  }

  // ------------------------------------------------------------------ the test can fail

  private static Query panel(String key) throws IOException {
    return clickHouseQueries().stream().filter(q -> q.key().equals(key)).findFirst().orElseThrow();
  }

  /** A panel whose query renames a column the panel expects fails. */
  @Test
  void shouldFailWhenAQueryRenamesAnExpectedColumn() throws Exception {
    Query q = panel("sakervard-here-and-now / Hospitals: level and reasons");
    String renamed = q.text().replace("AS level_now", "AS level_now_renamed");
    assertThat(renamed).isNotEqualTo(q.text());

    assertThatThrownBy(
            () -> check(q, render(renamed, QUERY_VARIABLES), EXPECTED_COLUMNS.get(q.key())))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("level_now_renamed");
  }

  /**
   * A schema change under a panel fails: the panel's query on a copy of its view whose {@code
   * value} column is renamed (as a migration might) no longer runs.
   */
  @Test
  void shouldFailWhenTheViewUnderAPanelLosesAColumn() throws Exception {
    STACK.execute(
        "CREATE OR REPLACE VIEW sakervard.test_level_renamed AS SELECT time, period, level, region,"
            + " hospital, unit, care_type, value AS level_value, numerator, denominator, freshness"
            + " FROM sakervard.bi_here_and_now_level");
    Query q = panel("sakervard-here-and-now / Level per hospital");
    String changed =
        q.text().replace("sakervard.bi_here_and_now_level", "sakervard.test_level_renamed");

    assertThatThrownBy(
            () -> check(q, render(changed, QUERY_VARIABLES), EXPECTED_COLUMNS.get(q.key())))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("fails on the schema");
  }

  @Test
  void shouldFailOnAnUnknownMacroOrVariable() {
    assertThatThrownBy(() -> render("SELECT $__timeGroup(time, 1h) FROM t", QUERY_VARIABLES))
        .hasMessageContaining("Unknown Grafana macro");
    assertThatThrownBy(() -> render("SELECT 1 WHERE unit = ${unit:singlequote}", QUERY_VARIABLES))
        .hasMessageContaining("Unknown variable $unit");
    Map<String, String> all = new LinkedHashMap<>(QUERY_VARIABLES);
    all.put("hospital", ALL);
    assertThatThrownBy(() -> render("SELECT 1 WHERE hospital = ${hospital:singlequote}", all))
        .hasMessageContaining("outside $__conditionalAll");
    if (!render("$__conditionalAll(h IN (${hospital:singlequote}), $hospital)", all)
        .equals("1=1")) {
      fail("All must make $__conditionalAll 1=1");
    }
  }
}
