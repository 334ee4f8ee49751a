package se.sakervard.local.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of the processes a local run is made of: this JVM (the Flink mini cluster, with the
 * benchmark's own threads), the Kafka broker and the ClickHouse stand-in (the chDB endpoint). They
 * share this machine's cores, so a pipeline figure means little without knowing who used them: in
 * production ClickHouse and Kafka run on machines of their own.
 */
final class CpuTime {
  static final String FLINK = "Flink jobs (this JVM)";
  static final String KAFKA = "Kafka broker";
  static final String CLICKHOUSE = "ClickHouse stand-in (chDB endpoint)";

  private CpuTime() {}

  /** CPU time used so far by each part, by the processes alive now. */
  static Map<String, Duration> byPart() {
    Map<String, Duration> parts = new LinkedHashMap<>();
    parts.put(FLINK, cpu(ProcessHandle.current()));
    parts.put(KAFKA, Duration.ZERO);
    parts.put(CLICKHOUSE, Duration.ZERO);
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              // By executable: the broker is the stack's only Java child, the endpoint its only
              // Node.js one (a Java command line with the broker's class path is too long for
              // the process table to report whole).
              String command = p.info().command().orElse("");
              String part =
                  command.endsWith("/java")
                      ? KAFKA
                      : command.endsWith("/node") || command.equals("node") ? CLICKHOUSE : null;
              if (part != null) {
                parts.merge(part, cpu(p), Duration::plus);
              }
            });
    return parts;
  }

  /** The CPU time each part used since {@code before}, against what the cores had to give. */
  static String since(Map<String, Duration> before, double wallSeconds) {
    Map<String, Duration> now = byPart();
    StringBuilder line = new StringBuilder("CPU time while it ran:");
    double total = 0;
    for (Map.Entry<String, Duration> part : now.entrySet()) {
      double seconds =
          part.getValue().minus(before.getOrDefault(part.getKey(), Duration.ZERO)).toMillis() / 1e3;
      total += seconds;
      line.append(String.format(Locale.ROOT, " %s %,.0f s,", part.getKey(), seconds));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return line.append(
            String.format(
                Locale.ROOT,
                " together %,.0f s of the %,.0f s that %d cores had",
                total,
                cores * wallSeconds,
                cores))
        .toString();
  }

  private static Duration cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
