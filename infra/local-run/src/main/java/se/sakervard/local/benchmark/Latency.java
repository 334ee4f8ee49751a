package se.sakervard.local.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.core.execution.JobClient;
import se.sakervard.local.LocalPipeline;
import se.sakervard.local.LocalPipeline.LocalJob;

/**
 * A workload's latency run: its jobs on fresh topics fed at a steady pace, the rows its {@link
 * LatencyProbe} times, and their percentiles.
 */
final class Latency {
  private Latency() {}

  /** Runs the workload's latency run and returns its report line. */
  static String measure(Workload w, LocalPipeline pipeline) throws Exception {
    LatencyRun run = w.latency();
    Map<ConfigOption<String>, String> topics = w.topics(run.inputs(), "latency");
    // Every other topic the jobs read starts empty too: left at the default ones, the jobs would
    // first catch up on what the throughput run wrote there (alerting: millions of indicator
    // values), and the latency measured would be that backlog's, not the steady pace's.
    for (Stage stage : w.stages()) {
      stage.reads().forEach(read -> topics.putIfAbsent(read, w.topic(read, "latency")));
    }
    pipeline.createTopics(topics.values().toArray(String[]::new));
    w.publishUnits(run.region(), "latency", pipeline, topics);
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement()) {
      // Every inserted row must stay visible: a background merge keeps only each key's newest.
      s.execute("SYSTEM STOP MERGES sakervard." + run.probe().table());
    }
    run.probe().beforeRun();
    JobClient job =
        pipeline.startJobs(
            pipeline.settings(false, w.jobSettings(topics)),
            w.stages().stream().flatMap(st -> st.jobs().stream()).toArray(LocalJob[]::new));
    List<CompletableFuture<Long>> feeds = new ArrayList<>();
    for (Input input : run.inputs()) {
      feeds.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Topics.feed(
                      pipeline,
                      topics.get(input.topicOption()),
                      input.records(),
                      run.speed(),
                      run.period());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              }));
    }
    long sent = 0;
    for (CompletableFuture<Long> f : feeds) {
      sent += f.get();
    }
    pipeline.awaitSettled(Duration.ofMinutes(2), "sakervard." + run.probe().table());
    job.cancel().get();

    List<Long> latencies = run.probe().latencies(pipeline, topics);
    if (latencies.isEmpty()) {
      return "Latency: no rows to time; run longer (--latency-seconds)";
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "Latency, %s (%,d rows, %,d records at %,.1f/s): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
        run.probe().describe(),
        sorted.length,
        sent,
        sent / (double) run.period().duration().toMillis() * run.speed() * 1000,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** What a probe makes of one row of its query. */
  interface RowLatency {
    void add(ResultSet row, List<Long> latencies) throws SQLException;
  }

  /** Runs the query and collects what {@code latency} makes of each row. */
  static List<Long> timed(LocalPipeline pipeline, String query, RowLatency latency)
      throws SQLException {
    List<Long> latencies = new ArrayList<>();
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(query)) {
      while (rows.next()) {
        latency.add(rows, latencies);
      }
    }
    return latencies;
  }

  static String sqlInstant(Instant t) {
    return "fromUnixTimestamp64Milli(toInt64(" + t.toEpochMilli() + "))";
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
