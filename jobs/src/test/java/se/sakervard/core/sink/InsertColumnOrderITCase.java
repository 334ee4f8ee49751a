package se.sakervard.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.AlertingTables;
import se.sakervard.census.CensusTables;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.deviations.DeviationTables;
import se.sakervard.infections.InfectionTables;
import se.sakervard.testing.LocalStackExtension;

/**
 * The driver writes a plain INSERT's rows as RowBinary ({@link ClickHouseSink#ROW_BINARY_INSERTS})
 * and puts the i-th value in the table's i-th column, whatever the statement's column list says. So
 * every INSERT of the jobs must list the table's columns in the table's order (the tables of {@code
 * sql/} as ClickHouse has them), and may leave out only trailing columns with a default.
 */
class InsertColumnOrderITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final Pattern INSERT =
      Pattern.compile("INSERT INTO (\\w+) \\(([^)]*)\\) VALUES \\(([^)]*)\\)");

  @Test
  void shouldListEveryTablesColumnsInTheTablesOrder() throws Exception {
    List<String> inserts = new ArrayList<>();
    for (Class<?> tables :
        List.of(
            CensusTables.class,
            DeviationTables.class,
            InfectionTables.class,
            AlertingTables.class)) {
      for (Field f : tables.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("INSERT_")) {
          inserts.add((String) f.get(null));
        }
      }
    }
    assertThat(inserts).hasSize(16);
    for (String sql : inserts) {
      Matcher m = INSERT.matcher(sql);
      assertThat(m.matches()).as("a plain INSERT ... VALUES (?, ...): %s", sql).isTrue();
      String table = m.group(1);
      List<String> listed = Arrays.stream(m.group(2).split(",")).map(String::trim).toList();
      assertThat(m.group(3).replace(" ", "").split(","))
          .as("%s: only plain parameters, one per column", table)
          .hasSize(listed.size())
          .containsOnly("?");
      List<List<String>> columns =
          STACK.query(
              "SELECT name, default_kind FROM system.columns WHERE database = 'sakervard'"
                  + " AND table = '"
                  + table
                  + "' ORDER BY position");
      assertThat(columns.stream().map(c -> c.get(0)).toList().subList(0, listed.size()))
          .as("%s: the statement's columns, in the table's order", table)
          .isEqualTo(listed);
      assertThat(columns.subList(listed.size(), columns.size()))
          .as("%s: the columns left out have defaults", table)
          .allSatisfy(c -> assertThat(c.get(1)).isNotEmpty());
      // As the sinks connect.
      SimpleJdbcConnectionProvider sink =
          new SimpleJdbcConnectionProvider(
              ClickHouseSink.connectionOptions(
                  PipelineSettings.of(STACK.boundedRunSettings("insert-column-order"))));
      try (Connection connection = sink.getOrEstablishConnection();
          PreparedStatement insert = connection.prepareStatement(sql)) {
        // The driver's RowBinary writer; a statement it cannot write so goes as SQL text.
        assertThat(insert.getClass().getSimpleName())
            .as("%s: written as RowBinary", table)
            .isEqualTo("WriterStatementImpl");
      }
    }
  }
}
