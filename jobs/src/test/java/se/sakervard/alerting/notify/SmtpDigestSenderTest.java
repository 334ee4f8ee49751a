package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.Urgency;
import se.sakervard.testing.TestCertificates;

/** The digest through real SMTP servers in the test JVM: GreenMail, and SubEthaSMTP for TLS. */
class SmtpDigestSenderTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  @Test
  void shouldMailTheRegionsWarningsWithWhatWhereWhenAndEvidence() throws Exception {
    new SmtpDigestSender(
            "127.0.0.1",
            SMTP.getSmtp().getPort(),
            "",
            "sakervard@region.example",
            "chefslakare@region.example")
        .send(digest());

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

  /**
   * A server that takes mail only over TLS (SubEthaSMTP requiring STARTTLS, its certificate made
   * for the test): the digest turns to TLS and arrives. Without trust in that certificate (the
   * JVM's trust store, as in production) the delivery fails instead of going out in plain text.
   */
  @Test
  void shouldTurnToTlsWhenTheServerOffersIt(@TempDir Path tmp) throws Exception {
    char[] storePassword = UUID.randomUUID().toString().toCharArray();
    Path keystore = tmp.resolve("smtp.p12");
    TestCertificates.selfSigned(keystore, "smtp", "dns:localhost", storePassword);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, storePassword);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, storePassword);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);

    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    List<String> arrived = new CopyOnWriteArrayList<>();
    SMTPServer server =
        SMTPServer.port(port)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .enableTLS()
            .requireTLS()
            .startTlsSocketFactory(serverTls)
            .messageHandler(
                (context, from, to, data) -> arrived.add(new String(data, StandardCharsets.UTF_8)))
            .build();
    server.start();
    try {
      SmtpDigestSender sender =
          new SmtpDigestSender(
              "localhost", port, "", "sakervard@region.example", "chefslakare@region.example");
      sender.send(digest(), clientTls.getSocketFactory());
      assertThat(arrived).hasSize(1);
      assertThat(arrived.get(0)).contains("To: chefslakare@region.example");

      assertThatThrownBy(() -> sender.send(digest()))
          .as("a certificate the JVM does not trust")
          .isInstanceOf(MessagingException.class);
      assertThat(arrived).as("nothing sent in plain text").hasSize(1);
    } finally {
      server.stop();
    }
  }

  private static DigestMail digest() {
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
    return DigestMail.of(
        "R1",
        Instant.parse("2026-03-03T07:00:00Z"),
        List.of(warning),
        List.of(open),
        Map.of(occupancy.name(), occupancy, overcrowding.name(), overcrowding),
        STOCKHOLM);
  }
}
