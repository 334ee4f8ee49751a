package se.sakervard.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies the ClickHouse schema: every {@code *.sql} file of a directory, in file-name order,
 * through the ClickHouse JDBC driver, so the same files serve the endpoint and a real server.
 */
public final class ClickHouseSchema {
  private ClickHouseSchema() {}

  /** The repository's schema directory, {@code <repo root>/sql}. */
  public static Path sqlDir() {
    return RepoRoot.get().resolve("sql");
  }

  /**
   * Executes the statements of every {@code *.sql} file in {@code sqlDir}, files in lexical name
   * order. A statement ends with a line that ends with {@code ;}; lines holding only a {@code --}
   * comment are skipped.
   *
   * @throws SQLException naming the file and the statement's first line, with the server's message
   */
  public static void apply(String jdbcUrl, Path sqlDir) throws IOException, SQLException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(sqlDir)) {
      files =
          listing
              .filter(f -> f.getFileName().toString().endsWith(".sql"))
              .sorted(Comparator.comparing(f -> f.getFileName().toString()))
              .toList();
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      for (Path file : files) {
        for (String sql : statements(Files.readAllLines(file, StandardCharsets.UTF_8))) {
          try {
            statement.execute(sql);
          } catch (SQLException e) {
            throw new SQLException(
                file.getFileName()
                    + ": '"
                    + sql.lines().findFirst().orElse("")
                    + "' failed: "
                    + e.getMessage(),
                e.getSQLState(),
                e.getErrorCode(),
                e);
          }
        }
      }
    }
  }

  /**
   * The statements of a file's lines: a statement ends with a line that ends with {@code ;}; lines
   * holding only a {@code --} comment are skipped.
   */
  public static List<String> statements(List<String> lines) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      String trimmed = line.stripTrailing();
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        addIfNotBlank(statements, current);
      } else {
        current.append(line).append('\n');
      }
    }
    addIfNotBlank(statements, current);
    return statements;
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
    if (!statement.toString().isBlank()) {
      statements.add(statement.toString().strip());
    }
    statement.setLength(0);
  }
}
