package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.AlertingRuns.Topics;
import se.sakervard.alerting.notify.RetryPolicy;
import se.sakervard.alerting.notify.SmtpDigestSender;
import se.sakervard.alerting.notify.WebhookSender;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.infections.ClusterChangeKind;
import se.sakervard.schemas.infections.ClusterStatus;
import se.sakervard.schemas.infections.InfectionClusterEvent;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * The here-and-now levels end to end: indicator values and cluster events through the real broker,
 * the job on a Flink mini cluster, the levels in ClickHouse. Default thresholds (levels 2/3/4):
 * hospitals' occupancy 92.5/100/110 %, overcrowding 5/10/14 per 100, outlying 5/10/15, serious care
 * injuries in 7 days 6/9/12, open clusters 8/11/14; units' serious care injuries 2/3/4, open
 * clusters 1/2/3; hygiene below 80/70/60 % from at least 10 observations (above 2 from 30).
 *
 * <pre>
 * H1 (somatic)  occupancy 97 → 2, overcrowding 12 → 3, outlying 2 → 1; one open cluster and
 *               2 serious care injuries → 1; its units: 2 of 3 at level 2 (a quarter or more) → 2
 *               (a psychiatric overcrowding of 30 at H1 is not the hospital's somatic figure)
 * U1            overcrowding 15 at 10:00, then 4 at 11:00 (sent first): the newest stands → 1;
 *               2 serious care injuries classified at 10:00 → 2
 * U2            hygiene 65 % of 20 observations → 3 by its threshold, held at 2: fewer than the
 *               30 observations that may raise a level above 2; the open cluster → 2
 * U3            hygiene 50 % of 4 observations: too few to judge → 1
 * </pre>
 */
class AlertingJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Instant T10 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant T11 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void shouldWriteEachPlacesLevelWithItsReasons() throws Exception {
    Topics topics = Topics.create(STACK);
    String indicators = topics.indicators();
    // As in production: CURRENT values on their own topic, closed periods on the indicators topic.
    String current = topics.currentIndicators();
    String clusters = topics.clusters();
    String deadLetters = topics.deadLetters();

    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    records.add(
        value(
            current,
            "census.occupancy_percent",
            Level.HOSPITAL,
            "",
            CareType.SOMATIC,
            "CURRENT",
            T10,
            97.0,
            null));
    records.add(
        value(
            current,
            "census.overcrowding_per_100_beds",
            Level.HOSPITAL,
            "",
            CareType.SOMATIC,
            "CURRENT",
            T10,
            12.0,
            null));
    records.add(
        value(
            current,
            "census.outlying_per_100_beds",
            Level.HOSPITAL,
            "",
            CareType.SOMATIC,
            "CURRENT",
            T10,
            2.0,
            null));
    records.add(
        value(
            current,
            "census.overcrowding_per_100_beds",
            Level.HOSPITAL,
            "",
            CareType.PSYCHIATRIC,
            "CURRENT",
            T10,
            30.0,
            null));
    records.add(
        value(
            current,
            "census.overcrowding_per_100_beds",
            Level.UNIT,
            "A1-H1-U1",
            CareType.SOMATIC,
            "CURRENT",
            T11,
            4.0,
            null));
    records.add(
        value(
            current,
            "census.overcrowding_per_100_beds",
            Level.UNIT,
            "A1-H1-U1",
            CareType.SOMATIC,
            "CURRENT",
            T10,
            15.0,
            null));
    records.add(
        value(
            indicators,
            "infections.hygiene_all_steps_percent",
            Level.UNIT,
            "A1-H1-U2",
            CareType.SOMATIC,
            "ROLLING_30_DAYS",
            T10,
            65.0,
            20.0));
    records.add(
        value(
            indicators,
            "infections.hygiene_all_steps_percent",
            Level.UNIT,
            "A1-H1-U3",
            CareType.SOMATIC,
            "ROLLING_30_DAYS",
            T10,
            50.0,
            4.0));
    records.add(
        value(
            indicators,
            "infections.incidence_per_1000_patient_days",
            Level.UNIT,
            "A1-H1-U3",
            CareType.SOMATIC,
            "ROLLING_30_DAYS",
            T10,
            9.0,
            1000.0));
    records.add(new ProducerRecord<>(indicators, "garbage", new byte[] {1, 2, 3}));
    // Two cases on U1 classified as serious care injuries at 09:00: U1 is strained (2 in 7 days,
    // a unit's level 2); the hospital's 2 are below its 6. Each is a critical alert of its own.
    String deviations = topics.deviations();
    records.add(seriousCareInjury(deviations, "A1-c1", T10));
    records.add(seriousCareInjury(deviations, "A1-c2", T10));
    records.add(
        new ProducerRecord<>(
            clusters,
            "c1",
            SingleObjectCodec.of(InfectionClusterEvent.class)
                .encode(
                    InfectionClusterEvent.newBuilder()
                        .setKey("A1-H1-U2/organism:norovirus/I1")
                        .setChange(ClusterChangeKind.OPENED)
                        .setRegionCode("A1")
                        .setHospitalCode("A1-H1")
                        .setUnitCode("A1-H1-U2")
                        .setPathogen("organism:norovirus")
                        .setCaseRefs(List.of("I1", "I2"))
                        .setFirstOnset(T10)
                        .setOpenedAt(T11)
                        .setLastOnset(T11)
                        .setClosedAt(null)
                        .setStatus(ClusterStatus.OPEN)
                        .setMergedInto(null)
                        .setVersion(8)
                        .build())));
    STACK.send(records);

    run(
        topics,
        T11,
        AlertingSettings.defaults("", RetryPolicy.defaults())
            .withDigest(
                new SmtpDigestSender(
                    "127.0.0.1",
                    SMTP.getSmtp().getPort(),
                    "",
                    "sakervard@region.example",
                    "chefslakare@region.example")));

    assertThat(
            STACK.query(
                "SELECT level, hospital_code, unit_code, here_and_now_level, toString(reasons)"
                    + ", if(level = 'HOSPITAL', toString(units_at_level), '-')"
                    + " FROM v_here_and_now WHERE region_code = 'A1' ORDER BY level, unit_code"))
        .containsExactly(
            List.of(
                "HOSPITAL",
                "A1-H1",
                "",
                "3",
                "['overcrowding 12.0 ≥ 10 per 100 available beds (level 3)',"
                    + "'occupancy 97.0% ≥ 92.5% (level 2)',"
                    + "'units at level 2 or above: 2 of 3 (at least 25%) (level 2)']",
                "[1,2,0,0]"),
            List.of(
                "UNIT",
                "A1-H1",
                "A1-H1-U1",
                "2",
                "['serious care injuries in 7 days 2 ≥ 2 (level 2)']",
                "-"),
            List.of(
                "UNIT",
                "A1-H1",
                "A1-H1-U2",
                "2",
                "['active infection clusters 1 ≥ 1 (level 2)',"
                    + "'hygiene compliance 65.0% < 70% over 20 observations (level 2, held at 2"
                    + " from 3: fewer than 30 observations)']",
                "-"),
            List.of("UNIT", "A1-H1", "A1-H1-U3", "1", "[]", "-"));
    // The cluster's opening is an event rule's alert to act on today, told once in the digest (no
    // page), keyed by the cluster.
    assertThat(
            STACK.query(
                "SELECT step, dedup_key FROM v_alert_audit WHERE rule = 'cluster-opened'"
                    + " AND region_code = 'A1' ORDER BY at, step"))
        .containsExactly(
            List.of(
                "DIGESTED",
                "cluster-opened|A1-H1-U2|A1-H1-U2/organism:norovirus/I1|2026-03-02T10:00:00Z"),
            List.of(
                "FIRING",
                "cluster-opened|A1-H1-U2|A1-H1-U2/organism:norovirus/I1|2026-03-02T10:00:00Z"),
            List.of("PENDING", ""));
    // The cluster is to act on today: it never pages, and one digest mail has it, marked DIGESTED
    // in
    // the audit. U2's hygiene below 70% from 20 observations (U3's 50% from 4 is not judged) is
    // only to know: on the dashboard, neither in the digest nor among its open alerts. The mail
    // lists the two serious care injuries nobody acknowledged as open; the cluster's alert was
    // over once told.
    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getSubject())
        .as(mails[0].getContent().toString())
        .isEqualTo("Säker vård A1: 1 to act on today, 2 open alert(s) up to 2026-03-02 11:00");
    assertThat(mails[0].getContent().toString())
        .contains(
            "cluster-opened firing: unit A1-H1-U2: cluster opened A1-H1-U2/organism:norovirus/I1")
        .doesNotContain("unit-hygiene-compliance")
        .contains("Open alerts (2)")
        .contains(
            "serious-care-injury (act-now, not acknowledged): unit A1-H1-U1: serious care injury A1-c1")
        .contains(
            "serious-care-injury (act-now, not acknowledged): unit A1-H1-U1: serious care injury A1-c2");
    assertThat(
            STACK.query(
                "SELECT rule FROM v_alert_audit WHERE region_code = 'A1' AND step = 'DIGESTED'"
                    + " ORDER BY rule"))
        .containsExactly(List.of("cluster-opened"));
    // U3's 4 observations are too few: its hygiene is listed as not judged, not as a reason.
    assertThat(
            STACK.query(
                "SELECT has(not_judged, 'hygiene compliance') FROM v_here_and_now"
                    + " WHERE unit_code = 'A1-H1-U3'"))
        .containsExactly(List.of("1"));
    assertThat(STACK.readAll(deadLetters, DeadLetter.class, 1))
        .extracting(d -> d.getReason().name())
        .containsExactly("MALFORMED");
  }

  /**
   * Overcrowding at hospital A2-H1 (somatic, per 100 available beds; UTC): 12 at 09:00, 13 at
   * 10:00, 11 at 11:30, 6 at 12:00; outlying 1 at 19:00, where the run's time ends. The rule
   * hospital-overcrowding (at least 10 for 2 h, resolved at 7 or less; 15 min to acknowledge, then
   * one escalation) goes pending at 09:00, fires at 11:00, escalates at 11:15 (nobody acknowledged
   * in time), is acknowledged at 11:20 (from the alert-actions topic; an action on a rule that does
   * not exist is dead-lettered) and resolves at 12:00. The hospital's level is 3 (overcrowding ≥
   * 10) from 09:00 to 12:00, not the 6 hours hospital-severely-strained asks for: pending at 09:00,
   * cancelled at 12:00. Its unit U1 has 25 overcrowded per 100 beds from 10:30 (a unit's level 3):
   * every page names it as the unit behind the hospital's alert, and after 4 h, at 14:30, its own
   * warning fires.
   *
   * <p>Hospital A2-H2's overcrowding (12 from 09:30, again at 11:30, never lower) fires at 11:30
   * too, escalates at 11:45 and reminds 4 h later, at 15:45 (the next reminder, 19:45, is after the
   * run's end). The receiver never takes A2-H2's pages: after 5 attempts each of the 3 is a dead
   * letter.
   */
  @Test
  void shouldRecordEveryStepOfAnAlertInTheAuditTrail() throws Exception {
    Topics topics = Topics.create(STACK);
    String indicators = topics.indicators();
    String clusters = topics.clusters();
    String deadLetters = topics.deadLetters();
    String overcrowding = "census.overcrowding_per_100_beds";
    // Sent in event-time order, as the census publishes them: a value further behind than the
    // out-of-orderness bound (5 min) would be late, and a page could go out before it arrived.
    STACK.send(
        List.of(
            hospital(indicators, overcrowding, "09:00", 12),
            // U1 is one of A2-H1's five units: at level 3 it is 20% of them, below the quarter
            // that would raise the hospital's own level.
            unit(indicators, "A2-H1-U2", overcrowding, "09:00", 0),
            unit(indicators, "A2-H1-U3", overcrowding, "09:00", 0),
            unit(indicators, "A2-H1-U4", overcrowding, "09:00", 0),
            unit(indicators, "A2-H1-U5", overcrowding, "09:00", 0),
            hospital(indicators, "A2-H2", overcrowding, "09:30", 12),
            hospital(indicators, overcrowding, "10:00", 13),
            unit(indicators, "A2-H1-U1", overcrowding, "10:30", 25),
            hospital(indicators, overcrowding, "11:30", 11),
            hospital(indicators, "A2-H2", overcrowding, "11:30", 12),
            hospital(indicators, overcrowding, "12:00", 6),
            hospital(indicators, "census.outlying_per_100_beds", "19:00", 1)));
    String actions = topics.actions();
    STACK.send(
        List.of(
            action(actions, "hospital-overcrowding", "11:20", "chefläkare i beredskap"),
            action(actions, "no-such-rule", "11:20", "chefläkare i beredskap")));
    URI webhook = receiver(2);
    run(
        topics,
        at("19:00"),
        AlertingSettings.defaults(
            webhook.toString(),
            new RetryPolicy(5, Duration.ofMillis(20), 2, Duration.ofMillis(100))));

    String fired = "hospital-overcrowding|A2-H1|2026-03-02T11:00:00Z";
    assertThat(
            STACK.query(
                "SELECT rule, formatDateTime(at, '%H:%i'), step, dedup_key, sequence, escalation,"
                    + " value FROM v_alert_audit WHERE region_code = 'A2'"
                    + " AND hospital_code = 'A2-H1' AND step NOT LIKE 'DELIVER%'"
                    + " ORDER BY rule, at, step"))
        .containsExactly(
            List.of("hospital-overcrowding", "09:00", "PENDING", "", "0", "0", "12.0"),
            List.of("hospital-overcrowding", "11:00", "FIRING", fired, "1", "0", "13.0"),
            List.of("hospital-overcrowding", "11:15", "ESCALATED", fired, "2", "1", "13.0"),
            List.of("hospital-overcrowding", "11:20", "ACKNOWLEDGED", fired, "0", "1", "13.0"),
            List.of("hospital-overcrowding", "12:00", "RESOLVED", fired, "3", "1", "6.0"),
            List.of("hospital-severely-strained", "09:00", "PENDING", "", "0", "0", "3.0"),
            List.of("hospital-severely-strained", "12:00", "CANCELLED", "", "0", "0", "2.0"),
            // U1's 25 per 100 from 10:30 fires the unit warning after 4 h: the run's time ends at
            // 19:00 (its end of input, the newest value), whichever topic ends last. Urgency
            // "know": it pages nobody.
            List.of("unit-overcrowding", "10:30", "PENDING", "", "0", "0", "25.0"),
            List.of(
                "unit-overcrowding",
                "14:30",
                "FIRING",
                "unit-overcrowding|A2-H1-U1|2026-03-02T14:30:00Z",
                "1",
                "0",
                "25.0"));

    // The firing and the escalation went out as two pages (15 minutes apart, so not grouped),
    // each taken once: the receiver refused the first twice, so it took 3 attempts, each in the
    // audit with the answer it got. The resolution at 12:00 is in the audit trail but pages
    // nobody: it asks nothing of anyone.
    String page = "A2-H1|" + fired + "#";
    assertThat(accepted).containsExactly(page + "1", page + "2");
    // Each names the unit behind it: U1, with 25 overcrowded per 100 beds since 10:30, at level 3
    // (a unit's 20-30).
    assertThat(pages)
        .allSatisfy(
            p ->
                assertThat(p.get("units").toString())
                    .isEqualTo(
                        "[{\"unit\":\"A2-H1-U1\",\"level\":3,\"reasons\":[\"overcrowding 25.0 ≥ 20"
                            + " per 100 available beds (level 3)\"]}]"));
    // Monday 12:00 local: the shipped roster's office-hours chief physician, then (escalated) the
    // next level.
    assertThat(pagedTo)
        .containsExactly("Chefläkare dagtid", "Hälso- och sjukvårdsdirektör i beredskap");
    assertThat(
            STACK.query(
                "SELECT formatDateTime(at, '%H:%i:%S'), step, sequence, attempt,"
                    + " splitByString(' at ', detail)[1] FROM v_alert_audit"
                    + " WHERE hospital_code = 'A2-H1' AND step LIKE 'DELIVER%'"
                    + " ORDER BY at, attempt, step DESC"))
        .containsExactly(
            List.of("11:00:30", "DELIVERY_ATTEMPT", "1", "1", "HTTP 503"),
            List.of("11:00:30", "DELIVERY_ATTEMPT", "1", "2", "HTTP 503"),
            List.of("11:00:30", "DELIVERY_ATTEMPT", "1", "3", "HTTP 200"),
            List.of("11:00:30", "DELIVERED", "1", "3", ""),
            List.of("11:15:30", "DELIVERY_ATTEMPT", "2", "1", "HTTP 200"),
            List.of("11:15:30", "DELIVERED", "2", "1", ""));
    // A2-H2's 3 pages were tried 5 times each, failed, and wait in the dead-letter topic to be
    // sent by hand with their idempotency keys.
    assertThat(
            STACK.query(
                "SELECT step, count(), max(attempt),"
                    + " splitByString(' at ', argMax(detail, attempt))[1]"
                    + " FROM v_alert_audit"
                    + " WHERE hospital_code = 'A2-H2' AND step LIKE 'DELIVER%'"
                    + " GROUP BY step ORDER BY step"))
        .containsExactly(
            List.of("DELIVERY_ATTEMPT", "15", "5", "HTTP 503"),
            List.of("DELIVERY_FAILED", "3", "5", "HTTP 503 after 5 attempts"));
    assertThat(
            STACK.query(
                "SELECT by_whom FROM v_alert_audit WHERE region_code = 'A2' AND step = 'ACKNOWLEDGED'"))
        .containsExactly(List.of("chefläkare i beredskap"));
    List<DeadLetter> letters = STACK.readAll(deadLetters, DeadLetter.class, 4);
    String undeliverable = "UNDELIVERABLE A2-H2|hospital-overcrowding|A2-H2|2026-03-02T11:30:00Z#";
    assertThat(letters)
        .extracting(d -> d.getReason().name() + " " + d.getEventId())
        .containsExactlyInAnyOrder(
            "INVALID null", undeliverable + "1", undeliverable + "2", undeliverable + "3");
    assertThat(letters)
        .filteredOn(d -> d.getReason() == DeadLetterReason.INVALID)
        .extracting(DeadLetter::getDetail)
        .containsExactly("no alert rule named 'no-such-rule'");
    DeadLetter undelivered =
        letters.stream()
            .filter(d -> d.getReason() == DeadLetterReason.UNDELIVERABLE)
            .filter(d -> d.getEventId().endsWith("#1"))
            .findFirst()
            .orElseThrow();
    assertThat(undelivered.getDetail())
        .isEqualTo(
            "page to A2-H2 not delivered: HTTP 503 after 5 attempts; the raw value is the payload,"
                + " send it with the header Idempotency-Key:"
                + " A2-H2|hospital-overcrowding|A2-H2|2026-03-02T11:30:00Z#1");
    JsonNode payload = new ObjectMapper().readTree(undelivered.getRawValue().array());
    assertThat(payload.get("hospital").asText()).isEqualTo("A2-H2");
    assertThat(payload.get("alerts").get(0).get("rule").asText())
        .isEqualTo("hospital-overcrowding");
  }

  /**
   * Inputs go quiet for the night, and the run ends. Hospital A3-H1's overcrowding is 12 from 20:00
   * UTC: hospital-overcrowding is pending and would fire at 22:00 if two hours passed. A serious
   * care injury is classified at 20:10 and fires at once. The deviation job's March figures so far
   * come as of 20:20 (their period ends 31 March); the newest input is the hospital's outlying at
   * 20:30. Nothing in the audit trail or among the levels is dated after 20:30: no firing at 22:00,
   * no reminder at 00:10, no escalation past the input. (Dated by the month's end, the March value
   * moved a long-running job's clock three weeks ahead once its periodic watermark went out, and
   * fired all of them; a bounded run this short ends before that watermark, so {@code
   * IndicatorReadingTest} pins the dating itself.)
   */
  @Test
  void shouldDateNothingAfterTheNewestInputWhenTheInputsGoQuiet() throws Exception {
    Topics topics = Topics.create(STACK);
    String indicators = topics.indicators();
    Place hospital = Place.hospital("A3", "A3-H1");
    STACK.send(
        List.of(
            AlertingRuns.current(
                indicators, "census.overcrowding_per_100_beds", hospital, at("20:00"), 12),
            AlertingRuns.soFar(
                indicators,
                "deviations.reported",
                hospital,
                "MONTH",
                Instant.parse("2026-02-28T23:00:00Z"),
                Instant.parse("2026-03-31T22:00:00Z"),
                at("20:20"),
                41),
            AlertingRuns.current(
                indicators, "census.outlying_per_100_beds", hospital, at("20:30"), 1)));
    STACK.send(
        List.of(
            AlertingRuns.classified(
                topics.deviations(),
                Place.unit("A3", "A3-H1", "A3-H1-U1"),
                "C-night",
                at("20:10"),
                true)));
    run(
        topics,
        at("20:30"),
        AlertingSettings.defaults(
            receiver(0).toString(),
            new RetryPolicy(3, Duration.ofMillis(20), 2, Duration.ofMillis(100))));

    assertThat(
            STACK.query(
                "SELECT rule, step, toString(at) FROM v_alert_audit WHERE region_code = 'A3'"
                    + " AND at > toDateTime64('2026-03-02 20:30:00', 3, 'UTC')"))
        .as("audit steps dated after the newest input")
        .isEmpty();
    assertThat(
            STACK.query(
                "SELECT rule, step FROM v_alert_audit WHERE region_code = 'A3'"
                    + " AND step IN ('PENDING', 'FIRING') ORDER BY rule, step"))
        .containsExactly(
            List.of("hospital-overcrowding", "PENDING"),
            List.of("hospital-severely-strained", "PENDING"),
            List.of("serious-care-injury", "FIRING"),
            List.of("serious-care-injury", "PENDING"));
    assertThat(
            STACK.query(
                "SELECT unit_code, toString(as_of) FROM here_and_now_levels FINAL"
                    + " WHERE region_code = 'A3'"
                    + " AND as_of > toDateTime64('2026-03-02 20:30:00', 3, 'UTC')"))
        .as("levels dated after the newest input")
        .isEmpty();
  }

  private static Instant at(String utcTime) {
    return Instant.parse("2026-03-02T" + utcTime + ":00Z");
  }

  private final List<String> accepted = new CopyOnWriteArrayList<>();
  private final List<String> pagedTo = new CopyOnWriteArrayList<>();
  private final List<JsonNode> pages = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stopReceiver() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Pages for this hospital are always refused: the paging system has no route for it. */
  private static final String NEVER_TAKEN = "A2-H2";

  /**
   * A paging system's webhook on loopback that refuses the first {@code refusals} requests, and
   * every page for {@link #NEVER_TAKEN}.
   */
  private URI receiver(int refusals) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/page",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          JsonNode page = new ObjectMapper().readTree(body);
          boolean take =
              !page.get("hospital").asText().equals(NEVER_TAKEN)
                  && calls.incrementAndGet() > refusals;
          if (take) {
            accepted.add(exchange.getRequestHeaders().getFirst(WebhookSender.IDEMPOTENCY_KEY));
            pagedTo.add(page.get("to").asText());
            pages.add(page);
          }
          exchange.sendResponseHeaders(take ? 200 : 503, -1);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
  }

  /** The job over the topics to their end, its time ending at {@code end}. */
  private static void run(Topics topics, Instant end, AlertingSettings alerting) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    topics.job(topics.settings(), alerting.withEndOfInput(end)).execute(env);
  }

  private static ProducerRecord<String, byte[]> seriousCareInjury(
      String topic, String caseRef, Instant at) {
    return AlertingRuns.classified(topic, Place.unit("A1", "A1-H1", "A1-H1-U1"), caseRef, at, true);
  }

  private static ProducerRecord<String, byte[]> action(
      String topic, String rule, String utcTime, String by) {
    return AlertingRuns.acknowledgement(
        topic,
        rule,
        Place.hospital("A2", "A2-H1"),
        null,
        Instant.parse("2026-03-02T" + utcTime + ":00Z"),
        by);
  }

  private static ProducerRecord<String, byte[]> hospital(
      String topic, String indicator, String utcTime, double value) {
    return hospital(topic, "A2-H1", indicator, utcTime, value);
  }

  private static ProducerRecord<String, byte[]> hospital(
      String topic, String hospital, String indicator, String utcTime, double value) {
    return place(topic, Place.hospital("A2", hospital), indicator, utcTime, value);
  }

  private static ProducerRecord<String, byte[]> unit(
      String topic, String unit, String indicator, String utcTime, double value) {
    return place(topic, Place.unit("A2", "A2-H1", unit), indicator, utcTime, value);
  }

  private static ProducerRecord<String, byte[]> place(
      String topic, Place place, String indicator, String utcTime, double value) {
    return AlertingRuns.current(
        topic, indicator, place, Instant.parse("2026-03-02T" + utcTime + ":00Z"), value);
  }

  private static ProducerRecord<String, byte[]> value(
      String topic,
      String indicator,
      Level level,
      String unit,
      CareType careType,
      String period,
      Instant at,
      Double value,
      Double denominator) {
    return AlertingRuns.indicator(
        topic,
        indicator,
        new Place(level, "A1", "A1-H1", unit),
        careType,
        period,
        at,
        value,
        denominator);
  }
}
