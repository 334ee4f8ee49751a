package se.sakervard.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of webhook pages, so that a receiver can tell a page from this system from
 * any other POST, and a page recorded and sent again later from a fresh one (docs/alerting.md,
 * "Signed pages").
 *
 * <p>Each request carries {@value #TIMESTAMP_HEADER} (Unix seconds when it was sent) and {@value
 * #SIGNATURE_HEADER} {@code v1=<hex>}, the HMAC-SHA256 under the shared secret of the timestamp, a
 * full stop and the body's UTF-8 bytes. The receiver recomputes it ({@link #verify}) and takes the
 * page only when the signatures match and the timestamp is within {@link #REPLAY_WINDOW} of its own
 * clock. The secret comes from the environment ({@value #SECRET_ENV}), never from a file of the
 * repository or the job's configuration, and is never logged.
 */
public final class WebhookSignature {
  public static final String TIMESTAMP_HEADER = "X-Sakervard-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Sakervard-Signature";
  public static final String SECRET_ENV = "WEBHOOK_SECRET";

  /** How far a page's timestamp may be from the receiver's clock, either way. */
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v1=";

  private final SecretKeySpec key;

  public WebhookSignature(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException(
          "The webhook secret is too short: use at least 16 bytes (32 random bytes, e.g. openssl"
              + " rand -hex 32)");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The signature from {@value #SECRET_ENV}; null when it is not set (pages go unsigned). */
  public static WebhookSignature fromEnvironment() {
    String secret = System.getenv(SECRET_ENV);
    return secret == null || secret.isEmpty()
        ? null
        : new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@value #SIGNATURE_HEADER} value of a body sent at {@code epochSeconds}. */
  public String sign(long epochSeconds, String body) {
    return VERSION + HexFormat.of().formatHex(mac(epochSeconds + "." + body));
  }

  /**
   * The receiver's check: the signature is this secret's over the timestamp and the body, and the
   * timestamp is within {@link #REPLAY_WINDOW} of {@code now}. Missing or malformed headers fail.
   */
  public boolean verify(String timestampHeader, String signatureHeader, String body, Instant now) {
    if (timestampHeader == null || signatureHeader == null || body == null) {
      return false;
    }
    long sentAt;
    try {
      sentAt = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - sentAt) > REPLAY_WINDOW.toSeconds()) {
      return false;
    }
    byte[] expected = sign(sentAt, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
    // Constant time: how much of a forged signature matched must not show in the answer's time.
    return MessageDigest.isEqual(expected, given);
  }

  private byte[] mac(String signed) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }
}
