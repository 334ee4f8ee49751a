package se.sakervard.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.testing.LocalStackExtension;

/**
 * The here-and-now board in a real browser: headless Chromium (Debian's {@code chromium}, installed
 * by {@code infra/bootstrap}) loads the page from {@link BoardServer}, which reads the local
 * ClickHouse through the board's queries; the test reads what the page shows and saves a screenshot
 * to {@code target/board/board.png}.
 *
 * <pre>
 * R6-H1  level 3 (overcrowding 12 ≥ 10); unit U2 at 4, U1 at 1 (not listed)
 *        census now: 110 of 100 beds occupied (110.0 %), 12 overcrowded, 3 outlying per 100 beds
 * R6-H2  level 1
 * alerts hospital-overcrowding at R6-H1: fired, acknowledged → open, acknowledged
 *        hospital-occupancy at R6-H2: fired, resolved → not shown
 *        cluster-opened at R6-H1-U2 (an event warning, over once told) → not shown
 * </pre>
 */
class BoardITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static BoardServer board;

  @BeforeAll
  static void fillAndServe() throws Exception {
    // R6-H1 has five units, one of them (U2) critical: 20% of its units, below a quarter, so its
    // units suggest level 2 and its own overcrowding's 3 stands.
    STACK.execute(
        "INSERT INTO sakervard.here_and_now_levels (level, region_code, hospital_code, unit_code,"
            + " as_of, here_and_now_level, reasons, not_judged, version, units_at_level) VALUES"
            + " ('HOSPITAL', 'R6', 'R6-H1', '', now64(3) - 60, 3, ['overcrowding 12.0 ≥ 10 per 100"
            + " available beds (level 3)', 'units at level 4: 1 of 5 (R6-H1-U2) (level 2)'], [],"
            + " 1, [4, 0, 0, 1])");
    level(
        "UNIT", "R6-H1", "R6-H1-U2", 4, "overcrowding 30.0 ≥ 30 per 100 available beds (level 4)");
    level("UNIT", "R6-H1", "R6-H1-U1", 1, null);
    level("HOSPITAL", "R6-H2", "", 1, null);
    STACK.execute(
        "INSERT INTO sakervard.census_current (level, region_code, hospital_code, unit_code,"
            + " care_type, technical_unit, as_of, occupied, outlying, available, overcrowded, units,"
            + " version) VALUES ('HOSPITAL', 'R6', 'R6-H1', '', 'SOMATIC', false,"
            + " now64(3) - 300, 110, 3, 100, 12, 5, 1)");
    String overcrowding = "hospital-overcrowding|R6-H1|2026-03-02T11:00:00Z";
    audit(overcrowding, "hospital-overcrowding", "ACT_NOW", "HOSPITAL", "", "FIRING", 600, null);
    audit(overcrowding, "hospital-overcrowding", "ACT_NOW", "HOSPITAL", "", "DELIVERED", 570, null);
    audit(
        overcrowding,
        "hospital-overcrowding",
        "ACT_NOW",
        "HOSPITAL",
        "",
        "ACKNOWLEDGED",
        500,
        "chefläkare i beredskap");
    String occupancy = "hospital-occupancy|R6-H2|2026-03-02T08:00:00Z";
    audit(occupancy, "hospital-occupancy", "ACT_TODAY", "HOSPITAL", "", "FIRING", 900, null);
    audit(occupancy, "hospital-occupancy", "ACT_TODAY", "HOSPITAL", "", "RESOLVED", 800, null);
    audit(
        "cluster-opened|R6-H1-U2|R6-H1-U2/organism:norovirus/I1|2026-03-02T10:00:00Z",
        "cluster-opened",
        "ACT_TODAY",
        "UNIT",
        "R6-H1-U2",
        "FIRING",
        700,
        null);
    board =
        BoardServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            STACK.httpUrl(),
            "default",
            "");
  }

  @AfterAll
  static void stop() {
    if (board != null) {
      board.close();
    }
  }

  @Test
  void shouldServeOnlyTheOpenAlerts() throws Exception {
    JsonNode alerts = new ObjectMapper().readTree(get("api/alerts")).get("data");

    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("rule").asText()).isEqualTo("hospital-overcrowding");
    assertThat(alerts.get(0).get("acknowledged_by").asText()).isEqualTo("chefläkare i beredskap");
  }

  /**
   * A board with a token (as an address other than loopback requires): the browser without it gets
   * 401 and nothing of the board; after {@code /login?token=} (a cookie) it gets the board, figures
   * included; a wrong token gets 401 again. Without a token, only loopback is allowed.
   */
  @Test
  void shouldRefuseABrowserWithoutTheTokenAndServeOneWithIt() throws Exception {
    String token = "0123456789abcdef0123456789abcdef";
    try (BoardServer guarded =
        BoardServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            STACK.httpUrl(),
            "default",
            "",
            token)) {
      String refused = chromium("--dump-dom", guarded.url().toString());
      assertThat(refused).contains("needs its token").doesNotContain("data-hospital");
      assertThat(chromium("--dump-dom", guarded.url() + "login?token=wrong-token-0123456789"))
          .contains("Wrong or missing token")
          .doesNotContain("data-hospital");

      String allowed = chromium("--dump-dom", guarded.url() + "login?token=" + token);
      assertThat(allowed)
          .contains("data-loaded=\"true\"")
          .contains("data-hospital=\"R6-H1\"")
          .contains("<td>110.0</td><td>12.0</td><td>3.0</td>");
    }
    assertThatThrownBy(
            () ->
                BoardServer.start(
                    new InetSocketAddress("0.0.0.0", 0), STACK.httpUrl(), "default", "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set BOARD_TOKEN");
  }

  /**
   * One board, a users file with a token each for R6-H1 and R6-H2: in the browser each token shows
   * its hospital (its level, census and alerts) and nothing of the other's; the API answers the
   * same. Behind the single sign-on proxy, a named user sees their hospital and a signed-in user
   * whom the file does not name gets 403 and no figures.
   */
  @Test
  void shouldShowEachPersonOnlyTheirHospital() throws Exception {
    String h1 = "h1-token-0123456789abcdef";
    String h2 = "h2-token-0123456789abcdef";
    BoardUsers users =
        BoardUsers.parse(
            List.of(
                "token:" + h1 + " R6-H1",
                "token:" + h2 + " R6-H2",
                "user:anna.berg R6-H2",
                "user:chefslakare.beredskap *"),
            "test users");
    try (BoardServer shared =
        BoardServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            STACK.httpUrl(),
            "default",
            "",
            null,
            users,
            "X-Remote-User")) {
      String first = chromium("--dump-dom", shared.url() + "login?token=" + h1);
      assertThat(first)
          .contains("data-loaded=\"true\"")
          .contains("data-hospital=\"R6-H1\"")
          .contains("<td>110.0</td><td>12.0</td><td>3.0</td>")
          .contains("hospital-overcrowding")
          .doesNotContain("R6-H2");
      String second = chromium("--dump-dom", shared.url() + "login?token=" + h2);
      assertThat(second)
          .contains("data-loaded=\"true\"")
          .contains("data-hospital=\"R6-H2\"")
          .doesNotContain("R6-H1")
          .doesNotContain("110.0")
          .doesNotContain("hospital-overcrowding");
      assertThat(chromium("--dump-dom", shared.url().toString()))
          .contains("needs its token")
          .doesNotContain("data-hospital");

      assertThat(hospitalsIn(shared, "levels", "Authorization", "Bearer " + h2))
          .containsOnly("R6-H2");
      assertThat(hospitalsIn(shared, "levels", "X-Remote-User", "anna.berg")).containsOnly("R6-H2");
      assertThat(hospitalsIn(shared, "levels", "X-Remote-User", "chefslakare.beredskap"))
          .contains("R6-H1", "R6-H2");
      assertThat(hospitalsIn(shared, "alerts", "Authorization", "Bearer " + h1))
          .containsOnly("R6-H1");
      HttpResponse<String> stranger = request(shared, "api/levels", "X-Remote-User", "mallory");
      assertThat(stranger.statusCode()).isEqualTo(403);
      assertThat(stranger.body()).doesNotContain("R6-H");
    }
    assertThatThrownBy(
            () ->
                BoardServer.start(
                    new InetSocketAddress("0.0.0.0", 0),
                    STACK.httpUrl(),
                    "default",
                    "",
                    null,
                    users,
                    "X-Remote-User"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--user-header trusts a header anyone could send");
  }

  /** The hospitals of a named query's rows, as the person a header identifies gets them. */
  private static java.util.Set<String> hospitalsIn(
      BoardServer server, String query, String header, String value) throws Exception {
    HttpResponse<String> answer = request(server, "api/" + query, header, value);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    java.util.Set<String> hospitals = new java.util.TreeSet<>();
    new ObjectMapper()
        .readTree(answer.body())
        .get("data")
        .forEach(row -> hospitals.add(row.get("hospital").asText()));
    return hospitals;
  }

  private static HttpResponse<String> request(
      BoardServer server, String path, String header, String value) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(server.url().resolve(path)).header(header, value).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldShowLevelsReasonsUnitsCensusAndAlertsInABrowser() throws Exception {
    String dom = chromium("--dump-dom", board.url().toString());

    assertThat(dom).contains("data-loaded=\"true\"");
    assertThat(dom)
        .contains("data-hospital=\"R6-H1\"")
        .contains("3 severely strained")
        .contains("overcrowding 12.0 ≥ 10 per 100 available beds (level 3)")
        .contains("R6-H1-U2: 4 critical (overcrowding 30.0 ≥ 30 per 100 available beds (level 4))")
        .doesNotContain("data-unit=\"R6-H1-U1\"")
        .contains("units at level 4: 1 of 5 (R6-H1-U2) (level 2)")
        .contains("Units by level: 4 at 1 · 0 at 2 · 0 at 3 · 1 at 4")
        .contains("1 normal");
    // The census row: 110.0 % occupancy, 12.0 overcrowded and 3.0 outlying per 100 beds, fresh.
    assertThat(dom)
        .contains("<td>110.0</td><td>12.0</td><td>3.0</td>")
        .contains("received 0 min ago");
    assertThat(dom)
        .contains("hospital-overcrowding (act now)")
        .contains("acknowledged by chefläkare i beredskap")
        .doesNotContain("hospital-occupancy (")
        .doesNotContain("cluster-opened");

    Path screenshot = Path.of("target", "board", "board.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    chromium("--screenshot=" + screenshot, "--window-size=1280,1000", board.url().toString());
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(board.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** Runs headless Chromium with the flags this machine's closed network needs; its stdout. */
  private static String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("board-chromium");
    List<String> command =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue())
        .as("chromium exit code; is Debian's chromium installed (infra/bootstrap)?")
        .isZero();
    return out;
  }

  private static void level(String level, String hospital, String unit, int value, String reason)
      throws Exception {
    STACK.execute(
        "INSERT INTO sakervard.here_and_now_levels (level, region_code, hospital_code, unit_code,"
            + " as_of, here_and_now_level, reasons, not_judged, version) VALUES ('"
            + level
            + "', 'R6', '"
            + hospital
            + "', '"
            + unit
            + "', now64(3) - 60, "
            + value
            + ", "
            + (reason == null ? "[]" : "['" + reason + "']")
            + ", [], 1)");
  }

  /** An audit step {@code secondsAgo} before now. */
  private static void audit(
      String key,
      String rule,
      String urgency,
      String level,
      String unit,
      String step,
      int secondsAgo,
      String by)
      throws Exception {
    STACK.execute(
        "INSERT INTO sakervard.alert_audit (at, dedup_key, rule, urgency, step, level,"
            + " region_code, hospital_code, unit_code, sequence, escalation, attempt, value, by_whom,"
            + " detail) VALUES (now64(3) - "
            + secondsAgo
            + ", '"
            + key
            + "', '"
            + rule
            + "', '"
            + urgency
            + "', '"
            + step
            + "', '"
            + level
            + "', 'R6', '"
            + key.split("\\|")[1].replaceFirst("-U\\d+$", "")
            + "', '"
            + unit
            + "', 1, 0, 0, 12, "
            + (by == null ? "NULL" : "'" + by + "'")
            + ", '')");
  }
}
