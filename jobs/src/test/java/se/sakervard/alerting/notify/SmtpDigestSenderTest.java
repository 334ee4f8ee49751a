package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.Urgency;

/** The digest through a real SMTP server (GreenMail) in the test JVM. */
class SmtpDigestSenderTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  @Test
  void shouldMailTheRegionsWarningsWithWhatWhereWhenAndEvidence() throws Exception {
    AlertRule occupancy = AlertRules.shipped("hospital-occupancy");
    // 96% occupancy at R1-H1 from 02:00 UTC, firing at 06:00 UTC (4 h), 07:00 local.
    Instant fired = Instant.parse("2026-03-03T06:00:00Z");
    Outgoing warning =
        new Outgoing(
            occupancy,
            Place.hospital("R1", "R1-H1"),
            new AlertEvent(
                fired.toEpochMilli(),
                "hospital-occupancy|R1-H1|" + fired,
                AlertEvent.Kind.FIRING,
                1,
                0,
                96,
                null),
            fired.minusSeconds(4 * 3600).toEpochMilli(),
            null);
    // Overcrowding at R1-H2 (critical) fired at 01:00 UTC and was acknowledged at 01:10: still
    // open at the digest.
    AlertRule overcrowding = AlertRules.shipped("hospital-overcrowding");
    Instant paged = Instant.parse("2026-03-03T01:00:00Z");
    OpenAlert open =
        new OpenAlert(
            new AlertStep(
                "hospital-overcrowding",
                Urgency.ACT_NOW,
                Place.hospital("R1", "R1-H2"),
                new AlertEvent(
                    paged.toEpochMilli(),
                    "hospital-overcrowding|R1-H2|" + paged,
                    AlertEvent.Kind.FIRING,
                    1,
                    0,
                    11,
                    null)),
            paged.toEpochMilli(),
            "chefläkare i beredskap",
            paged.plusSeconds(600).toEpochMilli());
    DigestMail mail =
        DigestMail.of(
            "R1",
            Instant.parse("2026-03-03T07:00:00Z"),
            List.of(warning),
            List.of(open),
            Map.of(occupancy.name(), occupancy, overcrowding.name(), overcrowding),
            STOCKHOLM);

    new SmtpDigestSender(
            "127.0.0.1",
            SMTP.getSmtp().getPort(),
            "",
            "sakervard@region.example",
            "chefslakare@region.example")
        .send(mail);

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString())
        .isEqualTo("chefslakare@region.example");
    assertThat(received[0].getSubject())
        .isEqualTo("Säker vård R1: 1 to act on today, 1 open alert(s) up to 2026-03-03 08:00");
    String body = received[0].getContent().toString();
    assertThat(body)
        .contains(
            "- 2026-03-03 07:00  hospital-occupancy firing: hospital R1-H1:"
                + " census.occupancy_percent 96 ≥ 95 for 4 h")
        .contains("why: Above 92.5% occupancy")
        .contains("evidence: SELECT hour_start, care_type, occupancy_percent")
        .contains("Open alerts (1)")
        .contains(
            "- since 2026-03-03 02:00  hospital-overcrowding (act-now,"
                + " acknowledged by chefläkare i beredskap 2026-03-03 02:10): hospital R1-H2:"
                + " census.overcrowding_per_100_beds 11 ≥ 10 for 2 h");
  }
}
