package se.sakervard.local.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.sink.ClickHouseSink;
import se.sakervard.local.LocalPipeline;

/**
 * The ceiling of the write side: as many rows as the run sent to each table, written again in the
 * run's batch sizes (rows per INSERT, table by table), through the ClickHouse JDBC driver opened as
 * the sinks open it (RowBinary inserts), into copies of the tables on the same endpoint. The rows
 * are the run's own rows as stored, repeated where the run sent a key more than once. Only the
 * writing is timed, not reading the rows back.
 */
final class OutputCeiling {
  private static final String DATABASE = "bench_output_ceiling";

  /** Rows read back at a time, and held in memory while they are written. */
  private static final int CHUNK = 100_000;

  private OutputCeiling() {}

  /** The time writing took, in seconds. */
  static double measure(LocalPipeline pipeline, PipelineSettings settings, SinkTotals sent)
      throws Exception {
    long writing = 0;
    try (Connection source = pipeline.clickHouse();
        Statement s = source.createStatement();
        Connection sink = ClickHouseSink.connect(settings)) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE);
      s.execute("CREATE DATABASE " + DATABASE);
      Timer progress = new Timer(5_000);
      long written = 0;
      for (String table : sent.rows().keySet()) {
        s.execute("CREATE TABLE " + DATABASE + "." + table + " AS sakervard." + table);
        long stored = pipeline.countRows("sakervard." + table);
        long rows = sent.rows().get(table);
        int batch = sent.rowsPerInsert(table);
        List<String> columns = columnsOf(s, table);
        String insert =
            String.format(
                Locale.ROOT,
                "INSERT INTO %s.%s (%s) VALUES (%s)",
                DATABASE,
                table,
                String.join(", ", columns),
                String.join(", ", java.util.Collections.nCopies(columns.size(), "?")));
        long done = 0;
        List<Object[]> chunk = null;
        long chunkOffset = -1;
        try (PreparedStatement ps = sink.prepareStatement(insert)) {
          while (done < rows && stored > 0) {
            long offset = done % stored / CHUNK * CHUNK;
            if (offset != chunkOffset) {
              chunk = read(s, table, offset);
              chunkOffset = offset;
            }
            int from = (int) (done % stored - offset);
            int n = (int) Math.min(batch, rows - done);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
              // A batch that runs past the chunk's end wraps to its start: the rows differ, the
              // batch's size is the run's.
              Object[] row = chunk.get((from + i) % chunk.size());
              for (int c = 0; c < row.length; c++) {
                ps.setObject(c + 1, row[c]);
              }
              ps.addBatch();
            }
            ps.executeBatch();
            writing += System.nanoTime() - start;
            done += n;
            written += n;
            if (progress.due()) {
              BenchmarkReport.say(
                  String.format(
                      Locale.ROOT,
                      "      output ceiling: %,d of %,d rows written, %s",
                      written,
                      sent.totalRows(),
                      table));
            }
          }
        }
      }
      s.execute("DROP DATABASE " + DATABASE);
    }
    return writing / 1e9;
  }

  /** A value read back as the sinks bind it: instants, local days, arrays. */
  private static Object asBound(Object value) throws SQLException {
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return value instanceof java.sql.Array a ? a.getArray() : value;
  }

  private static List<String> columnsOf(Statement s, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet r =
        s.executeQuery(
            "SELECT name FROM system.columns WHERE database = 'sakervard' AND table = '"
                + table
                + "' ORDER BY position")) {
      while (r.next()) {
        columns.add(r.getString(1));
      }
    }
    return columns;
  }

  private static List<Object[]> read(Statement s, String table, long offset) throws SQLException {
    List<Object[]> rows = new ArrayList<>(CHUNK);
    try (ResultSet r =
        s.executeQuery(
            "SELECT * FROM sakervard."
                + table
                + " LIMIT "
                + CHUNK
                + " OFFSET "
                + offset
                + " SETTINGS max_threads = 1")) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        Object[] row = new Object[meta.getColumnCount()];
        for (int c = 0; c < row.length; c++) {
          row[c] = asBound(r.getObject(c + 1));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
