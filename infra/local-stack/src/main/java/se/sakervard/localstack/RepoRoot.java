package se.sakervard.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root, where {@code infra/chdb-endpoint/} and {@code sql/} live.
 *
 * <p>Maven runs a module's tests with the module directory as working directory, while the local
 * run command runs from the repository root; walking up from the working directory covers both. The
 * system property {@code sakervard.repo.root} overrides the lookup.
 */
public final class RepoRoot {
  /** System property that names the repository root explicitly. */
  public static final String PROPERTY = "sakervard.repo.root";

  private static final String MARKER = "infra/chdb-endpoint/server.js";

  private RepoRoot() {}

  /** Returns the repository root, or throws if none is found. */
  public static Path get() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No directory containing "
            + MARKER
            + " at or above "
            + cwd
            + "; run from inside the repository or set -D"
            + PROPERTY
            + "=<repository root>");
  }
}
