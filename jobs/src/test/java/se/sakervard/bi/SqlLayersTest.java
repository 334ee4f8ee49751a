package se.sakervard.bi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code sql/} (docs/sql.md): tables, the v_ views that compute each figure once, and
 * the bi_ views that give the v_ views one shape for BI tools. A formula written again in a later
 * layer is how two views of one indicator come to disagree.
 */
class SqlLayersTest {
  private static final Path SQL = Path.of("..", "sql");
  private static final Pattern VIEW =
      Pattern.compile(
          "CREATE OR REPLACE VIEW sakervard\\.(\\w+)(.*?);\\s*$",
          Pattern.DOTALL | Pattern.MULTILINE);
  private static final Pattern READ = Pattern.compile("(?:FROM|JOIN)\\s+sakervard\\.(\\w+)");
  private static final Pattern RATIO = Pattern.compile("\\b(100|1000)\\s*\\*");

  @Test
  void shouldBuildEveryBiViewOnTheViewsBelowIt() throws IOException {
    List<String> reads = new ArrayList<>();
    for (Path file : sqlFiles()) {
      Matcher view = VIEW.matcher(Files.readString(file));
      while (view.find()) {
        if (view.group(1).startsWith("bi_")) {
          Matcher read = READ.matcher(view.group(2));
          while (read.find()) {
            reads.add(view.group(1) + " <- " + read.group(1));
          }
        }
      }
    }
    // bi_settings is the BI layer's own table (the small-cell minimum), not a figure.
    assertThat(reads).isNotEmpty();
    assertThat(reads).allSatisfy(r -> assertThat(r).matches(".* <- (v_|bi_settings$).*"));
  }

  @Test
  void shouldWriteEachRatioFormulaOnlyInTheFunctionsFile() throws IOException {
    for (Path file : sqlFiles()) {
      String name = file.getFileName().toString();
      String code = Files.readString(file).replaceAll("--[^\n]*", "").replaceAll("'[^']*'", "''");
      if (name.equals("005_functions.sql")) {
        assertThat(RATIO.matcher(code).results().count()).as(name).isEqualTo(2);
      } else {
        assertThat(RATIO.matcher(code).find()).as(name + " computes a ratio itself").isFalse();
      }
    }
  }

  private static List<Path> sqlFiles() throws IOException {
    try (Stream<Path> files = Files.list(SQL)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
  }
}
