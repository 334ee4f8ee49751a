package se.sakervard.feeds;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) in place of identifiers: a visit number or a patient id becomes a
 * reference that the same key always gives again and nobody without the key can reverse. The key
 * comes from the environment ({@link #KEY_VARIABLE}), never from the repository.
 */
public final class Pseudonyms implements java.io.Serializable {
  public static final String KEY_VARIABLE = "SAKERVARD_PSEUDONYM_KEY";
  private static final int MIN_KEY_BYTES = 16;

  private final byte[] key;

  /**
   * One Mac per thread: a Mac is not thread-safe, and the MLLP listener runs a thread per message.
   */
  private transient volatile ThreadLocal<Mac> macs;

  public Pseudonyms(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "The pseudonym key must have at least "
              + MIN_KEY_BYTES
              + " bytes; set "
              + KEY_VARIABLE
              + " to a long random secret");
    }
    this.key = key.clone();
  }

  /** The key from {@link #KEY_VARIABLE}; fails with what to do when it is not set. */
  public static Pseudonyms fromEnvironment() {
    String value = System.getenv(KEY_VARIABLE);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          KEY_VARIABLE
              + " is not set: give the hospital feeds a secret key (e.g. `export "
              + KEY_VARIABLE
              + "=$(openssl rand -hex 32)`) and keep it: another key gives other references");
    }
    return new Pseudonyms(value.getBytes(StandardCharsets.UTF_8));
  }

  private Mac mac() throws GeneralSecurityException {
    if (macs == null) {
      synchronized (this) {
        if (macs == null) {
          macs = new ThreadLocal<>();
        }
      }
    }
    Mac mac = macs.get();
    if (mac == null) {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      macs.set(mac);
    }
    return mac;
  }

  /** The reference of {@code value} in {@code domain} (e.g. "visit", "patient"). */
  public String of(String domain, String value) {
    try {
      byte[] hash = mac().doFinal((domain + ":" + value).getBytes(StandardCharsets.UTF_8));
      return domain.charAt(0)
          + "-"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
