package se.sakervard.local.benchmark;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import se.sakervard.core.metrics.SinkMeters;

/**
 * What the ClickHouse sinks sent, per table: rows and INSERTs (batches), from the sinks' own meters
 * ({@link SinkMeters}). The mini cluster runs in the benchmark's JVM, so the meters are read here
 * directly, also after a bounded job has finished (its metrics then leave Flink's reporter).
 *
 * @param rows rows sent per table, repeats of a key included
 * @param inserts INSERT statements (batches) per table
 */
record SinkTotals(Map<String, Long> rows, Map<String, Long> inserts) {

  /** The totals since this JVM started. */
  static SinkTotals now() {
    Map<String, Long> rows = new TreeMap<>();
    Map<String, Long> inserts = new TreeMap<>();
    for (Counter c : SinkMeters.registry().find("sakervard.sink.rows").counters()) {
      rows.put(c.getId().getTag("table"), (long) c.count());
    }
    for (Timer t : SinkMeters.registry().find("sakervard.sink.batch").timers()) {
      inserts.put(t.getId().getTag("table"), t.count());
    }
    return new SinkTotals(rows, inserts);
  }

  /** What was sent after {@code before}; tables that got nothing are left out. */
  SinkTotals since(SinkTotals before) {
    Map<String, Long> r = new TreeMap<>();
    Map<String, Long> i = new TreeMap<>();
    rows.forEach(
        (table, n) -> {
          long sent = n - before.rows.getOrDefault(table, 0L);
          if (sent > 0) {
            r.put(table, sent);
            i.put(table, inserts.getOrDefault(table, 0L) - before.inserts.getOrDefault(table, 0L));
          }
        });
    return new SinkTotals(r, i);
  }

  long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  long totalInserts() {
    return inserts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rows per INSERT of a table, at least 1. */
  int rowsPerInsert(String table) {
    long n = inserts.getOrDefault(table, 0L);
    return n == 0 ? 1 : (int) Math.max(1, Math.round((double) rows.get(table) / n));
  }

  /** "table rows in INSERTs (rows per INSERT)", table by table. */
  String describe() {
    return rows.keySet().stream()
        .map(
            table ->
                String.format(
                    Locale.ROOT,
                    "%s %,d in %,d (%,d a batch)",
                    table,
                    rows.get(table),
                    inserts.get(table),
                    rowsPerInsert(table)))
        .collect(Collectors.joining(", "));
  }
}
