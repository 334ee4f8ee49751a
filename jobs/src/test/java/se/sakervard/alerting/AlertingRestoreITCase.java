package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.alerting.AlertingRuns.Topics;
import se.sakervard.alerting.notify.RetryPolicy;
import se.sakervard.alerting.notify.WebhookSender;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.schemas.common.CareType;
import se.sakervard.testing.KeptSavepoints;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.SavepointRuns;

/**
 * The alerting job stopped with a savepoint and started again from it (docs/reliability.md, fault 2
 * for the alerting job). The job reads its four topics without end while the test sends a scenario
 * in three parts, stopping the job with a savepoint after each of the first two; every start from a
 * savepoint must map all of the savepoint's state. The final audit trail, here-and-now levels and
 * pages must equal those of the same input run once without a stop.
 *
 * <p>The scenario (2026-03-02, UTC; hospital H1, default rules, 15 min to acknowledge, one
 * escalation):
 *
 * <pre>
 * part 1  H1 overcrowding 12 at 09:00, 13 at 10:00; U1 overcrowding 25 at 10:30; a cluster opened
 *         on U3 at 10:20; case c1 on U2 classified as a serious care injury at 10:50; every topic's
 *         event time to 11:06. hospital-overcrowding pending 09:00, fires 11:00; c1's alert fires
 *         10:50; both paged. Stop: both escalation timers (c1 11:05, H1 11:15) are in the savepoint.
 * part 2  every topic's event time to 11:21: both escalations fire from restored timers, and are
 *         paged. Stop right before the acknowledgements.
 * part 3  H1's alert acknowledged at 11:20, c1's at 11:25; H1 overcrowding 11 at 11:30, 6 at 12:00
 *         (resolved: in the audit trail, paging nobody); every topic's event time to 13:00.
 * </pre>
 *
 * Event time moves on each topic by a "clock" record of a place in another region (an unwatched
 * indicator, a case not serious, a cluster closed, an acknowledgement of an alert that does not
 * exist), so that every input has records in every part: an input without any would hold the job's
 * event time until it went idle (a minute).
 *
 * <p>It found two bugs in which the order records of different topics arrived in, not their event
 * times, decided the outcome, both visible without any restore too (the run without a stop reads
 * all topics at once, the resumed run part by part), both fixed: {@link HereAndNowLevels} took
 * level updates in arrival order and stamped each row with the newest event time seen (c1's
 * classification at 10:50 read before H1's 09:00 and 10:00 overcrowding dated H1's level 3 at
 * 10:50); it now takes them in event-time order. {@link AlertEvaluation} dropped an event alert's
 * acknowledgement read before the event (c1's at 11:25 before its classification at 10:50: the
 * alert would have gone on escalating); it now waits for the event ({@code AlertEvaluationTest}).
 */
class AlertingRestoreITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String DAY = "2026-03-02T";

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @TempDir static Path savepoints;

  private static final IdempotentReceiver RECEIVER = new IdempotentReceiver();

  /** The run without a stop: its audit trail, levels and pages, the region made neutral. */
  private static Outputs expected;

  @BeforeAll
  static void runTheScenarioWithoutAStop() throws Exception {
    RECEIVER.start();
    Scenario scenario = new Scenario("Q1");
    Consumer<StreamExecutionEnvironment> alerting = scenario.graph();
    for (List<ProducerRecord<String, byte[]>> part : scenario.parts()) {
      STACK.send(part);
    }
    JobClient job = runs().start(alerting, null, "sakervard-alerting-without-stop");
    assertThat(runs().await(job, () -> resolved(scenario.region())))
        .as("the resolution in the audit trail within %s", DEADLINE)
        .isTrue();
    runs().stop(job);
    expected = Outputs.of(scenario.region());
    // The hand-worked steps are there: the run is a sound reference.
    assertThat(stepsOf(expected))
        .contains(
            "hospital-overcrowding 09:00 PENDING",
            "hospital-overcrowding 11:00 FIRING",
            "hospital-overcrowding 11:15 ESCALATED",
            "hospital-overcrowding 11:20 ACKNOWLEDGED",
            "hospital-overcrowding 12:00 RESOLVED",
            "serious-care-injury 10:50 FIRING",
            "serious-care-injury 11:05 ESCALATED",
            "serious-care-injury 11:25 ACKNOWLEDGED",
            "cluster-opened 10:20 FIRING");
    // H1's firing and escalation, c1's firing and escalation; the resolution pages nobody.
    assertThat(expected.pages()).hasSizeGreaterThanOrEqualTo(4);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.stop();
  }

  @Test
  void shouldAlertEscalateAndPageOnceWhenStoppedWithASavepointAndResumed() throws Exception {
    Scenario scenario = new Scenario("Q2");
    Consumer<StreamExecutionEnvironment> alerting = scenario.graph();
    List<List<ProducerRecord<String, byte[]>>> parts = scenario.parts();

    // Cut 1: both critical alerts fired and paged, their escalations due (event-time timers in the
    // savepoint): c1's at 11:05, H1's at 11:15; event time stands at 11:01.
    STACK.send(parts.get(0));
    String savepoint = runUntilPaged(alerting, null, scenario.region(), 1);

    // Cut 2: both escalations fired from the restored timers and paged; event time stands at
    // 11:16, the acknowledgements (11:20, 11:25) come after the resume.
    STACK.send(parts.get(1));
    savepoint = runUntilPaged(alerting, savepoint, scenario.region(), 2);

    STACK.send(parts.get(2));
    long resumed = System.nanoTime();
    JobClient job = runs().start(alerting, savepoint, "sakervard-alerting-resumed");
    runs().await(job, () -> Outputs.of(scenario.region()).equals(expected));
    double settled = (System.nanoTime() - resumed) / 1e9;
    runs().stop(job);

    Outputs outputs = Outputs.of(scenario.region());
    System.out.printf(
        "Alerting savepoint resume: 2 stops, 3 starts; %s (%.1f s after the last start);"
            + " alert_audit rows before FINAL: %d (without a stop: %d); webhook requests per page:"
            + " %s%n",
        outputs.matching(expected),
        settled,
        rawAuditRows(scenario.region()),
        rawAuditRows("Q1"),
        RECEIVER.requestsPerKey(scenario.region()));
    if (!outputs.equals(expected)) {
      System.out.printf(
          "Levels without a stop:%n%s%nLevels with stops:%n%s%n",
          String.join("\n", expected.levels().stream().map(Object::toString).toList()),
          String.join("\n", outputs.levels().stream().map(Object::toString).toList()));
    }
    assertThat(outputs.audit()).isEqualTo(expected.audit());
    assertThat(outputs.levels()).isEqualTo(expected.levels());
    assertThat(outputs.pages()).isEqualTo(expected.pages());
    // Each page reached the receiver once: none was resent after a resume (which its idempotency
    // key would make harmless, but which the audit would then show as an attempt answered 409).
    assertThat(RECEIVER.requestsPerKey(scenario.region()).values()).containsOnly(1);
    assertThat(RECEIVER.requestsPerKey("Q1").values()).containsOnly(1);
  }

  /**
   * This version restores the savepoints of earlier releases (docs/operations.md, "Upgrades and
   * savepoints"): every savepoint kept under {@code
   * src/test/resources/savepoints/alerting-<release>} was taken at cut 1 (both critical alerts
   * fired and paged, their escalation timers due); this version starts from it with every piece of
   * its state required to map, is sent parts 2 and 3, and must end with the audit trail, levels and
   * pages of the run without a stop. {@code -Dsakervard.savepoint.write=<release>} keeps this
   * version's savepoint instead.
   */
  @Test
  void shouldRestoreTheSavepointOfEveryKeptRelease() throws Exception {
    String release = KeptSavepoints.releaseToKeep();
    if (release != null) {
      Scenario scenario = new Scenario(KEPT_REGION, KEPT_TOPICS);
      STACK.send(scenario.parts().get(0));
      KeptSavepoints.keep(
          runUntilPaged(scenario.graph(), null, KEPT_REGION, 1), "alerting-" + release);
      return;
    }
    List<Path> kept = KeptSavepoints.of("alerting-");
    assertThat(kept).as("kept alerting savepoints").isNotEmpty();
    for (Path savepoint : kept) {
      Scenario scenario = new Scenario(KEPT_REGION, KEPT_TOPICS);
      KeptSavepoints.clearRegion(STACK, KEPT_REGION, "alert_audit", "here_and_now_levels");
      RECEIVER.forget(KEPT_REGION);
      List<List<ProducerRecord<String, byte[]>>> parts = scenario.parts();
      // What the release wrote and paged before its savepoint, written and paged again.
      STACK.send(parts.get(0));
      runUntilPaged(scenario.graph(), null, KEPT_REGION, 1);
      STACK.send(parts.get(1));
      STACK.send(parts.get(2));
      SavepointRuns restored = runs().on(KeptSavepoints.RESTORED_ON);
      JobClient job =
          restored.start(scenario.graph(), savepoint.toUri().toString(), "sakervard-compatibility");
      restored.await(job, () -> Outputs.of(KEPT_REGION).equals(expected));
      restored.stop(job);
      Outputs outputs = Outputs.of(KEPT_REGION);
      System.out.printf(
          "Savepoint compatibility: %s restored by this version on %s; %s%n",
          savepoint.getFileName(), KeptSavepoints.RESTORED_ON, outputs.matching(expected));
      assertThat(outputs.audit()).isEqualTo(expected.audit());
      assertThat(outputs.levels()).isEqualTo(expected.levels());
      assertThat(outputs.pages()).isEqualTo(expected.pages());
    }
  }

  /** The region and topics the kept savepoints were taken with. */
  private static final String KEPT_REGION = "QV";

  private static final String KEPT_TOPICS = "alerting-savepoint-compatibility";

  /**
   * Runs the job (from the savepoint, if any) until the {@code sequence}th notification of H1's
   * overcrowding alert was delivered, which is when the records sent so far are through the job,
   * then stops it with a savepoint; returns its path.
   */
  private static String runUntilPaged(
      Consumer<StreamExecutionEnvironment> graph, String savepoint, String region, int sequence)
      throws Exception {
    JobClient job = runs().start(graph, savepoint, "sakervard-alerting-savepoint");
    assertThat(runs().await(job, () -> paged(region, sequence)))
        .as("notification %d of %s-H1's alert delivered within %s", sequence, region, DEADLINE)
        .isTrue();
    return runs().stop(job);
  }

  /** Whether the {@code sequence}th notification of H1's overcrowding alert is delivered. */
  private static boolean paged(String region, int sequence) throws Exception {
    return !STACK
        .query(
            "SELECT 1 FROM alert_audit FINAL WHERE hospital_code = '"
                + region
                + "-H1' AND rule = 'hospital-overcrowding' AND step = 'DELIVERED' AND sequence = "
                + sequence)
        .isEmpty();
  }

  /** Whether H1's overcrowding alert resolved (a resolution pages nobody: it is in the audit). */
  private static boolean resolved(String region) throws Exception {
    return !STACK
        .query(
            "SELECT 1 FROM alert_audit FINAL WHERE hospital_code = '"
                + region
                + "-H1' AND rule = 'hospital-overcrowding' AND step = 'RESOLVED'")
        .isEmpty();
  }

  private static long rawAuditRows(String region) throws Exception {
    return Long.parseLong(
        STACK
            .query("SELECT count() FROM alert_audit WHERE region_code = '" + region + "'")
            .get(0)
            .get(0));
  }

  private static SavepointRuns runs() {
    return new SavepointRuns(savepoints, DEADLINE);
  }

  private static List<String> stepsOf(Outputs outputs) {
    // rule, at, step: columns 2, 0 and 4 of the audit query below
    return outputs.audit().stream()
        .map(r -> r.get(2) + " " + r.get(0).substring(11, 16) + " " + r.get(4))
        .toList();
  }

  /**
   * What a run leaves, its region code replaced by R so that two runs compare: the audit trail, the
   * levels and the pages the receiver took (idempotency key → payload).
   *
   * <p>The audit is compared on its deterministic columns: all but {@code inserted_at} (when
   * ClickHouse got the row: wall-clock time, and different for a step replayed after a restore,
   * which collapses into the row it repeats under the table's key) and, of a DELIVERY_ATTEMPT's
   * {@code detail}, the part after " at " (the wall-clock instant the request went out, recorded
   * for the operator; the answer before it, e.g. "HTTP 200", is compared). Everything else is a
   * function of the input's event times: {@code at} is the step's event time (a delivery step's is
   * the page's), the dedup key holds the instant the episode fired, sequence, escalation and
   * attempt count the episode's notifications and the webhook's tries.
   */
  private record Outputs(
      List<List<String>> audit, List<List<String>> levels, Map<String, String> pages) {
    static Outputs of(String region) throws Exception {
      List<List<String>> audit =
          STACK.query(
              "SELECT toString(at), dedup_key, rule, urgency, step, level, region_code,"
                  + " hospital_code, unit_code, toString(sequence), toString(escalation),"
                  + " toString(attempt), toString(value), ifNull(by_whom, ''),"
                  + " if(step = 'DELIVERY_ATTEMPT', splitByString(' at ', detail)[1], detail)"
                  + " FROM alert_audit FINAL WHERE region_code = '"
                  + region
                  + "' ORDER BY hospital_code, unit_code, rule, dedup_key, at, step, sequence,"
                  + " attempt");
      List<List<String>> levels = STACK.rowsOfRegion(region, "here_and_now_levels FINAL");
      return new Outputs(
          neutral(audit, region),
          neutral(levels, region),
          neutral(RECEIVER.payloads(region), region));
    }

    /**
     * How much of {@code expected} these outputs hold: "audit a of b rows as without a stop, ...".
     */
    String matching(Outputs expected) {
      return String.format(
          "audit %d of %d rows as without a stop, levels %d of %d, pages %d of %d",
          audit.stream().filter(expected.audit()::contains).count(),
          expected.audit().size(),
          levels.stream().filter(expected.levels()::contains).count(),
          expected.levels().size(),
          pages.entrySet().stream()
              .filter(e -> e.getValue().equals(expected.pages().get(e.getKey())))
              .count(),
          expected.pages().size());
    }

    private static List<List<String>> neutral(List<List<String>> rows, String region) {
      return rows.stream()
          .map(row -> row.stream().map(v -> v == null ? null : v.replace(region, "R")).toList())
          .toList();
    }

    private static Map<String, String> neutral(Map<String, String> pages, String region) {
      Map<String, String> neutral = new TreeMap<>();
      pages.forEach((k, v) -> neutral.put(k.replace(region, "R"), v.replace(region, "R")));
      return neutral;
    }
  }

  /** The scenario of the class comment for one region, its topics and the job over them. */
  private static final class Scenario {
    private final String region;
    private final Topics topics;
    private final Place hospital;
    private final Place u1;
    private final Place u2;
    private final Place u3;

    Scenario(String region) throws Exception {
      this(region, Topics.create(STACK));
    }

    /** Over the emptied topics named by {@code suffix}, as a kept savepoint's sources read. */
    Scenario(String region, String suffix) throws Exception {
      this(region, Topics.named(STACK, suffix));
    }

    private Scenario(String region, Topics topics) {
      this.region = region;
      this.topics = topics;
      String h1 = region + "-H1";
      hospital = Place.hospital(region, h1);
      u1 = Place.unit(region, h1, h1 + "-U1");
      u2 = Place.unit(region, h1, h1 + "-U2");
      u3 = Place.unit(region, h1, h1 + "-U3");
    }

    String region() {
      return region;
    }

    /**
     * The job reading its topics without end (as in production), paging to the receiver with quick
     * retries.
     */
    Consumer<StreamExecutionEnvironment> graph() throws Exception {
      PipelineSettings settings = topics.settings().with(PipelineOptions.KAFKA_BOUNDED, "false");
      AlertingJob job =
          topics.job(
              settings,
              AlertingSettings.defaults(
                  RECEIVER.url(),
                  new RetryPolicy(5, Duration.ofMillis(20), 2, Duration.ofMillis(100))));
      return job::attachTo;
    }

    List<List<ProducerRecord<String, byte[]>>> parts() {
      String overcrowding = "census.overcrowding_per_100_beds";
      String indicators = topics.currentIndicators();
      List<ProducerRecord<String, byte[]>> first = new ArrayList<>();
      first.add(AlertingRuns.current(indicators, overcrowding, hospital, at("09:00"), 12));
      first.add(AlertingRuns.current(indicators, overcrowding, hospital, at("10:00"), 13));
      first.add(AlertingRuns.cluster(topics.clusters(), u3, "I1", at("10:20"), true, 1));
      first.add(AlertingRuns.current(indicators, overcrowding, u1, at("10:30"), 25));
      first.add(AlertingRuns.classified(topics.deviations(), u2, "c1", at("10:50"), true));
      first.addAll(clock("11:06", 1));

      List<ProducerRecord<String, byte[]>> second = new ArrayList<>(clock("11:21", 2));

      List<ProducerRecord<String, byte[]>> third = new ArrayList<>();
      third.add(
          AlertingRuns.acknowledgement(
              topics.actions(),
              "hospital-overcrowding",
              hospital,
              null,
              at("11:20"),
              "chefläkare i beredskap"));
      third.add(
          AlertingRuns.acknowledgement(
              topics.actions(), "serious-care-injury", u2, "c1", at("11:25"), "chefläkare"));
      third.add(AlertingRuns.current(indicators, overcrowding, hospital, at("11:30"), 11));
      third.add(AlertingRuns.current(indicators, overcrowding, hospital, at("12:00"), 6));
      third.addAll(clock("13:00", 3));
      return List.of(first, second, third);
    }

    /**
     * One record on each topic at {@code time}, of a place in another region ({@code <region>Z}),
     * that moves event time on and alerts no one.
     */
    private List<ProducerRecord<String, byte[]>> clock(String time, int tick) {
      String z = region + "Z";
      Place hospitalZ = Place.hospital(z, z + "-H1");
      Place unitZ = Place.unit(z, z + "-H1", z + "-H1-U1");
      return List.of(
          AlertingRuns.current(
              topics.currentIndicators(), "census.outlying_per_100_beds", hospitalZ, at(time), 1),
          AlertingRuns.indicator(
              topics.indicators(),
              "census.patient_days",
              unitZ,
              CareType.SOMATIC,
              "DAY",
              at(time),
              20.0,
              null),
          AlertingRuns.classified(topics.deviations(), unitZ, "z" + tick, at(time), false),
          AlertingRuns.cluster(topics.clusters(), unitZ, "Z" + tick, at(time), false, 1),
          AlertingRuns.acknowledgement(
              topics.actions(), "lex-maria-filed", unitZ, "none", at(time), "clock"));
    }

    private static Instant at(String utcTime) {
      return Instant.parse(DAY + utcTime + ":00Z");
    }
  }

  /**
   * A paging system's webhook on loopback that takes a page once per idempotency key, as its
   * documentation asks of a receiver: the first request with a key is taken (200), a repeat is
   * answered 409 (which the sender counts as delivered). Counts the requests per key.
   */
  private static final class IdempotentReceiver {
    private final Map<String, String> taken = new ConcurrentHashMap<>();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();
    private HttpServer server;

    void start() throws Exception {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/page",
          exchange -> {
            String key = exchange.getRequestHeaders().getFirst(WebhookSender.IDEMPOTENCY_KEY);
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.merge(key, 1, Integer::sum);
            boolean first = taken.putIfAbsent(key, body) == null;
            exchange.sendResponseHeaders(first ? 200 : 409, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
    }

    /** The pages taken for a region's hospitals (keys start with the hospital code). */
    Map<String, String> payloads(String region) {
      Map<String, String> pages = new TreeMap<>();
      taken.forEach(
          (k, v) -> {
            if (k.startsWith(region + "-")) {
              pages.put(k, v);
            }
          });
      return pages;
    }

    /**
     * Forgets the pages and requests of a region's hospitals, as a receiver that never saw them.
     */
    void forget(String region) {
      taken.keySet().removeIf(k -> k.startsWith(region + "-"));
      requests.keySet().removeIf(k -> k.startsWith(region + "-"));
    }

    Map<String, Integer> requestsPerKey(String region) {
      Map<String, Integer> counts = new TreeMap<>();
      requests.forEach(
          (k, v) -> {
            if (k.startsWith(region + "-")) {
              counts.put(k, v);
            }
          });
      return counts;
    }

    void stop() {
      if (server != null) {
        server.stop(0);
      }
    }
  }
}
