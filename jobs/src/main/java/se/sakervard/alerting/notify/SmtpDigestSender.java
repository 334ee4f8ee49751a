package se.sakervard.alerting.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.Serializable;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends a digest over SMTP (Jakarta Mail). The password comes from the environment variable {@code
 * SMTP_PASSWORD} only, never from a file or an argument.
 *
 * <p>When the server offers STARTTLS the connection turns to TLS before anything is sent, the
 * server's certificate checked against the JVM's trust store and its name against the host; a
 * certificate that fails the check fails the delivery rather than falling back to plain text. A
 * server that offers no TLS gets the digest in plain text, as before (docs/alerting.md, "Digest").
 *
 * @param user empty for a server without authentication
 */
public record SmtpDigestSender(String host, int port, String user, String from, String to)
    implements Serializable {

  public void send(DigestMail mail) throws MessagingException {
    send(mail, null);
  }

  /** The same, trusting the certificates {@code tls} trusts instead of the JVM's (tests). */
  void send(DigestMail mail, SSLSocketFactory tls) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.starttls.enable", "true");
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    if (tls != null) {
      p.put("mail.smtp.ssl.socketFactory", tls);
    }
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.auth", Boolean.toString(!user.isEmpty()));
    Session session = Session.getInstance(p);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(from));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
    message.setSubject(mail.subject(), "UTF-8");
    message.setText(mail.body(), "UTF-8");
    if (user.isEmpty()) {
      Transport.send(message);
    } else {
      String fromEnvironment = System.getenv("SMTP_PASSWORD");
      Transport.send(message, user, fromEnvironment == null ? "" : fromEnvironment);
    }
  }
}
