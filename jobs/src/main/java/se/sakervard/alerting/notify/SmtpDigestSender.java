package se.sakervard.alerting.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.Serializable;
import java.util.Properties;

/**
 * Sends a digest over SMTP (Jakarta Mail). The password comes from the environment variable {@code
 * SMTP_PASSWORD} only, never from a file or an argument.
 *
 * @param user empty for a server without authentication
 */
public record SmtpDigestSender(String host, int port, String user, String from, String to)
    implements Serializable {

  public void send(DigestMail mail) throws MessagingException {
    Properties p = new Properties();
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
