package se.sakervard.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may see the here-and-now board and which hospital each sees: a file, mounted as a secret
 * ({@code --users}), one person or token per line, as the ClickHouse hospital readers of {@code
 * sql/production/010_bi_access.sql} intend:
 *
 * <pre>
 * # who                                  sees
 * token:3f9c1e0d8b7a6f5e4d3c2b1a09f8e7d6   R01-H03
 * user:anna.berg                         R01-H03
 * user:chefslakare.beredskap             *
 * </pre>
 *
 * A {@code token:} line is a person's token (as {@code BOARD_TOKEN}, at least 16 characters); a
 * {@code user:} line a name the region's single sign-on proxy passes in the header {@code
 * --user-header} names. {@code *} is every hospital of the region, the regional on-call's view;
 * anything else is one hospital's code, and that person sees its hospital and units only (not the
 * region's rows). A name or token not in the file sees nothing.
 */
public final class BoardUsers {
  /** The scope of a person who sees every hospital. */
  public static final String EVERY_HOSPITAL = "*";

  private static final String TOKEN_SHAPE = "[A-Za-z0-9._~-]{16,}";
  private static final String HOSPITAL_SHAPE = "[A-Za-z0-9_-]+";

  private final Map<String, String> byToken;
  private final Map<String, String> byUser;

  private BoardUsers(Map<String, String> byToken, Map<String, String> byUser) {
    this.byToken = byToken;
    this.byUser = byUser;
  }

  public static BoardUsers none() {
    return new BoardUsers(Map.of(), Map.of());
  }

  public static BoardUsers load(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * The lines of a users file; a wrong line fails with its number and what is wrong, never with a
   * token in the message.
   */
  public static BoardUsers parse(List<String> lines, String source) {
    Map<String, String> byToken = new LinkedHashMap<>();
    Map<String, String> byUser = new LinkedHashMap<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String where = source + ", line " + n;
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            where + ": expected 'token:<token> <hospital>' or 'user:<name> <hospital>'");
      }
      String hospital = parts[1];
      if (!hospital.equals(EVERY_HOSPITAL) && !hospital.matches(HOSPITAL_SHAPE)) {
        throw new IllegalArgumentException(
            where + ": the hospital must be a hospital code (e.g. R01-H03) or * for every one");
      }
      if (parts[0].startsWith("token:")) {
        String token = parts[0].substring(6);
        if (!token.matches(TOKEN_SHAPE)) {
          throw new IllegalArgumentException(
              where
                  + ": a token must be at least 16 letters, digits, '.', '_', '~' or '-'"
                  + " (openssl rand -hex 32 makes one)");
        }
        if (byToken.put(token, hospital) != null) {
          throw new IllegalArgumentException(where + ": this token is already given above");
        }
      } else if (parts[0].startsWith("user:") && parts[0].length() > 5) {
        if (byUser.put(parts[0].substring(5), hospital) != null) {
          throw new IllegalArgumentException(where + ": this user is already given above");
        }
      } else {
        throw new IllegalArgumentException(where + ": a line starts with 'token:' or 'user:'");
      }
    }
    return new BoardUsers(Map.copyOf(byToken), Map.copyOf(byUser));
  }

  public boolean hasTokens() {
    return !byToken.isEmpty();
  }

  public boolean hasUsers() {
    return !byUser.isEmpty();
  }

  /**
   * What the holder of {@code given} sees, or null. Every token is compared, each in constant time,
   * so the answer's time tells nothing of how much of a guess matched, or which.
   */
  public String hospitalOfToken(String given) {
    byte[] g = given.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Map.Entry<String, String> e : byToken.entrySet()) {
      if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), g)) {
        found = e.getValue();
      }
    }
    return found;
  }

  /** What the single sign-on's user {@code name} sees, or null. */
  public String hospitalOfUser(String name) {
    return byUser.get(name);
  }
}
