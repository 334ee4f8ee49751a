package se.sakervard.feeds.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * TLS for the MLLP listener (docs/hospital-feeds.md): the listener's key and certificate from a
 * PKCS12 keystore, and, for mutual TLS, the senders' certificates from a truststore. Passwords come
 * from the environment, never from configuration files.
 *
 * @param context the server's TLS context
 * @param clientCertificates whether a sender must present a certificate the truststore trusts
 */
public record MllpTls(SSLContext context, boolean clientCertificates) {
  public static final String KEYSTORE_PASSWORD = "SAKERVARD_HL7_KEYSTORE_PASSWORD";
  public static final String TRUSTSTORE_PASSWORD = "SAKERVARD_HL7_TRUSTSTORE_PASSWORD";

  /** TLS as the settings and the environment give it, or null for plain MLLP. */
  public static MllpTls fromSettings(PipelineSettings settings) {
    String keystore = settings.get(PipelineOptions.HL7_TLS_KEYSTORE);
    if (keystore.isBlank()) {
      return null;
    }
    String truststore = settings.get(PipelineOptions.HL7_TLS_TRUSTSTORE);
    return of(
        Path.of(keystore),
        password(KEYSTORE_PASSWORD),
        truststore.isBlank() ? null : Path.of(truststore),
        truststore.isBlank() ? null : password(TRUSTSTORE_PASSWORD));
  }

  /** TLS from these stores; {@code truststore} null: senders need no certificate. */
  public static MllpTls of(
      Path keystore, char[] keystorePassword, Path truststore, char[] truststorePassword) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keystore, keystorePassword), keystorePassword);
      TrustManagerFactory trust = null;
      if (truststore != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore, truststorePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return new MllpTls(context, truststore != null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "Cannot set up TLS for the MLLP listener from "
              + keystore
              + (truststore == null ? "" : " and " + truststore)
              + ": "
              + e.getMessage()
              + " (a PKCS12 store and its password in "
              + KEYSTORE_PASSWORD
              + (truststore == null ? "" : " / " + TRUSTSTORE_PASSWORD)
              + ")",
          e);
    }
  }

  private static KeyStore load(Path file, char[] password)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  private static char[] password(String variable) {
    String value = System.getenv(variable);
    if (value == null) {
      throw new IllegalStateException(
          variable + " is not set: give the TLS store's password in the environment");
    }
    return value.toCharArray();
  }
}
