package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertStep;

/** The daily digest lists what is still open, day after day, until it is resolved. */
class RegionDigestsTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final AlertRule OVERCROWDING = AlertRules.shipped("hospital-overcrowding");
  private static final String KEY = "hospital-overcrowding|R1-H1|2026-03-02T10:00:00Z";

  private static StreamRecord<AlertStep> step(AlertEvent.Kind kind, String utc, String by) {
    long at = Instant.parse(utc).toEpochMilli();
    int sequence = kind == AlertEvent.Kind.ACKNOWLEDGED ? 0 : 1;
    return new StreamRecord<>(
        new AlertStep(
            OVERCROWDING.name(),
            OVERCROWDING.urgency(),
            Place.hospital("R1", "R1-H1"),
            new AlertEvent(at, KEY, kind, sequence, 0, 12, by)),
        at);
  }

  private static long utc(String t) {
    return Instant.parse(t).toEpochMilli();
  }

  /**
   * A critical overcrowding alert (it paged; no warnings at all) fires Monday 10:00 UTC. Digests at
   * 07:00 Stockholm (06:00 UTC): Tuesday's lists it unacknowledged; it is acknowledged Tuesday
   * 08:00 UTC, so Wednesday's lists it acknowledged; it resolves Wednesday 09:00 UTC, so Thursday
   * has no digest.
   */
  @Test
  void shouldListAnOpenAlertInEveryDigestUntilItIsResolved() throws Exception {
    Map<String, AlertRule> rules = new HashMap<>();
    rules.put(OVERCROWDING.name(), OVERCROWDING);
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new RegionDigests(
                    rules,
                    new SmtpDigestSender(
                        "127.0.0.1",
                        SMTP.getSmtp().getPort(),
                        "",
                        "sakervard@region.example",
                        "chefslakare@region.example"),
                    ZoneId.of("Europe/Stockholm"),
                    LocalTime.of(7, 0))),
            (AlertStep s) -> s.place().regionCode(),
            Types.STRING);
    harness.open();

    harness.processElement(step(AlertEvent.Kind.FIRING, "2026-03-02T10:00:00Z", null));
    harness.processWatermark(utc("2026-03-03T06:00:00Z"));
    harness.processElement(
        step(AlertEvent.Kind.ACKNOWLEDGED, "2026-03-03T08:00:00Z", "chefläkare i beredskap"));
    harness.processWatermark(utc("2026-03-04T06:00:00Z"));
    harness.processElement(step(AlertEvent.Kind.RESOLVED, "2026-03-04T09:00:00Z", null));
    harness.processWatermark(utc("2026-03-05T06:00:00Z"));

    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails)
        .extracting(MimeMessage::getSubject)
        .containsExactly(
            "Säker vård R1: 0 to act on today, 1 open alert(s) up to 2026-03-03 07:00",
            "Säker vård R1: 0 to act on today, 1 open alert(s) up to 2026-03-04 07:00");
    assertThat(mails[0].getContent().toString())
        .contains("- since 2026-03-02 11:00  hospital-overcrowding (act-now, not acknowledged)");
    assertThat(mails[1].getContent().toString())
        .contains(
            "- since 2026-03-02 11:00  hospital-overcrowding (act-now, acknowledged by chefläkare"
                + " i beredskap 2026-03-03 09:00)");
    // No warning was in them, so no DIGESTED step: a critical alert is audited by its pages.
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.close();
  }
}
