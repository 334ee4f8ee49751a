package se.sakervard.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed certificates for a test's TLS endpoints, made by the JDK's keytool, valid for two
 * days; never kept in the repository.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /**
   * A PKCS12 keystore at {@code keystore} with an EC key pair under {@code alias}, for the subject
   * alternative name {@code san} (e.g. {@code ip:127.0.0.1}, {@code dns:localhost}).
   */
  public static void selfSigned(Path keystore, String alias, String san, char[] password)
      throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        new String(password),
        "-keypass",
        new String(password));
  }

  /** Runs keytool with these arguments; fails with its output unless it exits 0. */
  public static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + output);
    }
  }
}
