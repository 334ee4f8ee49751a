package se.sakervard.local.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.core.execution.JobClient;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.local.LocalPipeline;
import se.sakervard.local.LocalPipeline.LocalJob;

/**
 * The soak run ({@code infra/soak}; docs/reliability.md, "Soak run"): the national simulation's
 * days through all four jobs twice, from the same records. Once on the in-process mini cluster
 * without a fault, into the database {@code reference}; once on the multi-process cluster ({@code
 * infra/flink-cluster}: a JobManager and two TaskManagers, state on RocksDB with incremental
 * checkpoints) while a TaskManager is killed with SIGKILL every {@code --kill-every} (and started
 * again 5 s later, as Kubernetes would) and the ClickHouse endpoint is stopped for {@code --outage}
 * midway, into {@code sakervard}. Each run has topics of its own. The jobs run as the national
 * benchmark stages them (census and deviations, then infections, then alerting), bounded, every
 * input's time ending at the simulated period's end. Then every table is compared row for row
 * ({@code FINAL}, without the wall-clock {@code inserted_at}; a delivery attempt's detail without
 * the wall-clock instant it was sent). Exit status 1 if any table differs.
 */
public final class Soak {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Map<LocalJob, String> MAIN_CLASSES =
      Map.of(
          LocalJob.CENSUS, "se.sakervard.census.CensusJob",
          LocalJob.DEVIATIONS, "se.sakervard.deviations.DeviationJob",
          LocalJob.INFECTIONS, "se.sakervard.infections.InfectionJob",
          LocalJob.ALERTING, "se.sakervard.alerting.AlertingJob");
  private static final List<ConfigOption<String>> OUTPUT_TOPICS =
      List.of(
          PipelineOptions.TOPIC_INDICATORS,
          PipelineOptions.TOPIC_CURRENT_INDICATORS,
          PipelineOptions.TOPIC_INFECTION_CLUSTERS,
          PipelineOptions.TOPIC_ALERT_ACTIONS,
          PipelineOptions.TOPIC_DEAD_LETTERS);

  private final double days;
  private final Duration killEvery;
  private final Duration outage;
  private final long seed;
  private final HttpClient http = HttpClient.newHttpClient();

  private Soak(double days, Duration killEvery, Duration outage, long seed) {
    this.days = days;
    this.killEvery = killEvery;
    this.outage = outage;
    this.seed = seed;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0
        || !List.of("--days", "--kill-every", "--outage", "--seed").containsAll(o.keySet())) {
      System.err.println(
          "usage: infra/soak [--days 120] [--kill-every 60] [--outage 60] [--seed 42]"
              + " (seconds for --kill-every and --outage)");
      System.exit(2);
    }
    Soak soak =
        new Soak(
            Double.parseDouble(o.getOrDefault("--days", "120")),
            Duration.ofSeconds(Long.parseLong(o.getOrDefault("--kill-every", "60"))),
            Duration.ofSeconds(Long.parseLong(o.getOrDefault("--outage", "60"))),
            Long.parseLong(o.getOrDefault("--seed", "42")));
    System.exit(soak.run() ? 0 : 1);
  }

  /** One run's workload, topics and settings. */
  private record Run(String name, Workload workload, PipelineSettings settings, long records) {
    /**
     * The settings of a stage's jobs. The alerting job reads what the other jobs wrote, days of
     * values that each of their subtasks wrote at its own speed: a second of reading apart is hours
     * of event time apart. Replayed as a backlog, it is given an out-of-orderness bound of {@link
     * #ALERTING_REPLAY_BOUND}, so it takes every input in event-time order (docs/alerting.md,
     * "Inputs behind event time").
     */
    PipelineSettings of(Stage stage) {
      return stage.jobs().contains(LocalJob.ALERTING)
          ? settings.with(
              PipelineOptions.MAX_OUT_OF_ORDERNESS, ALERTING_REPLAY_BOUND.toMillis() + " ms")
          : settings;
    }
  }

  /**
   * Longer than the disorder of the alerting job's inputs read as a backlog, and short enough that
   * event time moves through the replay: a bound longer than the whole period held every input to
   * the end of input, where taking them all (10 minutes for 120 days) outlasted the checkpoint
   * timeout, and the job failed over and took them all again.
   */
  private static final Duration ALERTING_REPLAY_BOUND = Duration.ofDays(7);

  private boolean run() throws Exception {
    Path work = ROOT.resolve("infra/local-run/work/soak-" + System.currentTimeMillis());
    say(
        "Soak: %.0f national days, a TaskManager killed every %d s, ClickHouse stopped %d s midway;"
            + " work directory %s",
        days, killEvery.toSeconds(), outage.toSeconds(), work);
    try (LocalPipeline stack = LocalPipeline.start(work.resolve("stack"));
        PageReceiver referencePages = PageReceiver.start();
        PageReceiver soakPages = PageReceiver.start()) {
      List<String> tables = tables(stack);
      try (Connection c = stack.clickHouse();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE IF NOT EXISTS reference");
        for (String t : tables) {
          s.execute("CREATE TABLE IF NOT EXISTS reference." + t + " AS sakervard." + t);
        }
      }
      Run reference = prepare(stack, "reference", referencePages, "reference");
      Run soak = prepare(stack, "soak", soakPages, "sakervard");

      say("Reference: the four jobs on the in-process mini cluster, no faults ...");
      long start = System.nanoTime();
      for (Stage stage : reference.workload().stages()) {
        JobClient job = stack.startJobs(reference.of(stage), stage.jobs().toArray(LocalJob[]::new));
        job.getJobExecutionResult().get();
        say("  %s done at %.0f s", stage.name(), seconds(start));
      }
      double referenceSeconds = seconds(start);

      Path cluster = work.resolve("cluster");
      flinkCluster(
          cluster,
          "start",
          "--taskmanagers",
          "2",
          "--slots",
          "4",
          "--state-backend",
          "rocksdb",
          "--restart-delay",
          "2 s");
      AtomicInteger kills = new AtomicInteger();
      AtomicInteger outages = new AtomicInteger();
      AtomicInteger exitedWithTheOther = new AtomicInteger();
      Map<String, Long> restarts = new java.util.TreeMap<>();
      double soakSeconds;
      ScheduledExecutorService faults = Executors.newScheduledThreadPool(2);
      try {
        String rest = Files.readString(cluster.resolve("rest.url")).trim();
        say("Soak: the same on the multi-process cluster (%s), with faults ...", rest);
        Random random = new Random(seed);
        final long soakStart = System.nanoTime();
        start = soakStart;
        faults.scheduleAtFixedRate(
            () -> {
              try {
                int tm = 1 + random.nextInt(2);
                flinkCluster(cluster, "kill-taskmanager", Integer.toString(tm));
                say(
                    "  kill %d: TaskManager %d at %.0f s",
                    kills.incrementAndGet(), tm, seconds(soakStart));
                Thread.sleep(5_000);
                // Every TaskManager not running is started again, as Kubernetes restarts any
                // pod that exits: the other one can exit too (Flink stops a TaskManager whose
                // task fails while releasing the buffers of the lost one: "FATAL - exception
                // in exception handler").
                for (int n = 1; n <= 2; n++) {
                  if (!taskManagerRunning(cluster, n)) {
                    if (n != tm) {
                      say("  TaskManager %d had exited too", n);
                      exitedWithTheOther.incrementAndGet();
                    }
                    flinkCluster(cluster, "start-taskmanager", Integer.toString(n));
                  }
                }
              } catch (Exception e) {
                say("  the kill failed: %s", e);
              }
            },
            killEvery.toMillis(),
            killEvery.toMillis(),
            TimeUnit.MILLISECONDS);
        // Midway by the reference's time: the soak run takes longer, so this falls in its first
        // half.
        long outageAt = (long) (referenceSeconds * 500);
        if (!outage.isZero()) {
          faults.schedule(
              () -> {
                try {
                  say(
                      "  ClickHouse stopped for %d s at %.0f s",
                      outage.toSeconds(), seconds(soakStart));
                  stack.stopClickHouse();
                  Thread.sleep(outage.toMillis());
                  stack.startClickHouse();
                  outages.incrementAndGet();
                  say("  ClickHouse back");
                } catch (Exception e) {
                  say("  the outage failed: %s", e);
                }
              },
              outageAt,
              TimeUnit.MILLISECONDS);
        }
        for (Stage stage : soak.workload().stages()) {
          List<String> jobs = new ArrayList<>();
          for (LocalJob job : stage.jobs()) {
            List<String> submit =
                new ArrayList<>(
                    List.of("submit", "--parallelism", "2", MAIN_CLASSES.get(job), "--"));
            submit.addAll(soak.of(stage).asArgs());
            jobs.add(flinkCluster(cluster, submit.toArray(String[]::new)).trim());
          }
          for (String id : jobs) {
            awaitFinished(rest, id, start);
            restarts.put(stage.name() + " " + id.substring(0, 8), restartsOf(rest, id));
          }
          say("  %s done at %.0f s", stage.name(), seconds(start));
        }
        soakSeconds = seconds(start);
      } finally {
        faults.shutdownNow();
        faults.awaitTermination(90, TimeUnit.SECONDS);
        flinkCluster(cluster, "stop");
      }

      say("%nSoak figures");
      say("  Input: %,d records, %.0f national days (the same in both runs)", soak.records(), days);
      say("  Reference (mini cluster, heap, no faults): %.0f s", referenceSeconds);
      say(
          "  Soak (2 TaskManagers, RocksDB incremental): %.0f s, %d TaskManager kills (the other"
              + " TaskManager exited with it %d times), %d"
              + " ClickHouse outage(s) of %d s; job restarts %s",
          soakSeconds,
          kills.get(),
          exitedWithTheOther.get(),
          outages.get(),
          outage.toSeconds(),
          restarts);
      boolean equal = true;
      for (String t : tables) {
        Table soaked = rows(stack, "sakervard", t);
        Table clean = rows(stack, "reference", t);
        boolean same = soaked.sameAs(clean);
        equal &= same;
        say(
            "  %-32s %,10d rows, reference %,10d: %s",
            t, soaked.size(), clean.size(), same ? "equal" : "DIFFERENT");
        if (!same) {
          say("    %s", soaked.differences(clean));
        }
      }
      say(equal ? "Every table equals the run without faults." : "Tables differ: see above.");
      return equal;
    }
  }

  /** A run's national workload: its own topics, produced; its settings for the jobs. */
  private Run prepare(LocalPipeline stack, String run, PageReceiver pages, String database)
      throws Exception {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            new String[] {"--national-days", Double.toString(days), "--seed", Long.toString(seed)});
    Workload w = NationalWorkload.of(options, pages, false);
    Map<ConfigOption<String>, String> topics = w.topics(w.inputs(), run);
    OUTPUT_TOPICS.forEach(t -> topics.put(t, w.topic(t, run)));
    stack.createTopics(topics.values().toArray(String[]::new));
    w.publishUnits(w.region(), run, stack, topics);
    long records = 0;
    for (Input input : w.inputs()) {
      records +=
          Topics.feed(
              stack,
              topics.get(input.topicOption()),
              input.records(),
              Double.POSITIVE_INFINITY,
              w.period());
    }
    say("%s: %,d records produced to its own topics", run, records);
    PipelineSettings settings =
        stack
            .settings(true, w.jobSettings(topics))
            .with(PipelineOptions.KAFKA_GROUP_ID_PREFIX, "soak-" + run)
            // Every input's time ends there, so a run's last days and alerts do not depend on
            // which input is read to its end last.
            .with(PipelineOptions.END_OF_INPUT, w.period().end().toString())
            // No input is idle by the wall clock while its job restarts.
            .with(PipelineOptions.IDLE_TIMEOUT, "30 min")
            .with(PipelineOptions.CHECKPOINT_INTERVAL, "5 s")
            .with(
                PipelineOptions.CLICKHOUSE_JDBC_URL,
                stack.clickHouseJdbcUrl().replace("/sakervard?", "/" + database + "?"));
    return new Run(run, w, settings, records);
  }

  /** The tables the jobs write (not views): what both runs are compared on. */
  private static List<String> tables(LocalPipeline stack) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = stack.clickHouse();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT name FROM system.tables WHERE database = 'sakervard'"
                    + " AND engine LIKE '%MergeTree' AND name != 'bi_settings' ORDER BY name")) {
      while (r.next()) {
        tables.add(r.getString(1));
      }
    }
    return tables;
  }

  /**
   * A table's rows as they stand ({@code FINAL}), without {@code inserted_at} (the wall clock) and
   * {@code version} (how often a row was written before, which batching and restarts decide; only
   * its order matters).
   */
  private static Table rows(LocalPipeline stack, String database, String table)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    List<Boolean> floats = new ArrayList<>();
    try (Connection c = stack.clickHouse();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT name, type FROM system.columns WHERE database = 'sakervard' AND table = '"
                    + table
                    + "' AND name NOT IN ('inserted_at', 'version') ORDER BY position")) {
      while (r.next()) {
        String name = r.getString(1);
        String type = r.getString(2);
        columns.add(
            name.equals("detail") && table.equals("alert_audit")
                ? "if(step = 'DELIVERY_ATTEMPT', splitByString(' at ', detail)[1], detail)"
                : "toString(" + name + ")");
        floats.add(type.contains("Float64"));
      }
    }
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = stack.clickHouse();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT "
                    + String.join(", ", columns)
                    + " FROM "
                    + database
                    + "."
                    + table
                    + " FINAL ORDER BY ALL")) {
      while (r.next()) {
        List<String> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          row.add(r.getString(i));
        }
        rows.add(row);
      }
    }
    return new Table(floats, rows);
  }

  /**
   * A table's rows, and which of its columns are doubles: a sum of doubles depends on the order its
   * terms came in, in its last bits, so those compare to a relative 1e-9.
   */
  private record Table(List<Boolean> floats, List<List<String>> rows) {
    int size() {
      return rows.size();
    }

    boolean sameAs(Table other) {
      if (rows.size() != other.rows.size()) {
        return false;
      }
      for (int i = 0; i < rows.size(); i++) {
        if (!sameRow(rows.get(i), other.rows.get(i))) {
          return false;
        }
      }
      return true;
    }

    boolean sameRow(List<String> a, List<String> b) {
      for (int c = 0; c < a.size(); c++) {
        String x = a.get(c);
        String y = b.get(c);
        if (java.util.Objects.equals(x, y)) {
          continue;
        }
        if (!floats.get(c) || x == null || y == null) {
          return false;
        }
        double dx = Double.parseDouble(x);
        double dy = Double.parseDouble(y);
        if (Math.abs(dx - dy) > 1e-9 * Math.max(1, Math.max(Math.abs(dx), Math.abs(dy)))) {
          return false;
        }
      }
      return true;
    }

    /** The first row at which the two (sorted) tables part, with and without faults. */
    /**
     * The rows found in only one of the two tables (as text; a float differing within the tolerance
     * can show here although {@link #sameAs} accepts it): how many, and the first few.
     */
    String differences(Table other) {
      Map<List<String>, Integer> counts = new HashMap<>();
      rows.forEach(r -> counts.merge(r, 1, Integer::sum));
      other.rows.forEach(r -> counts.merge(r, -1, Integer::sum));
      List<List<String>> here = new ArrayList<>();
      List<List<String>> there = new ArrayList<>();
      counts.forEach(
          (row, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
              (n > 0 ? here : there).add(row);
            }
          });
      Comparator<List<String>> order = Comparator.comparing(Object::toString);
      here.sort(order);
      there.sort(order);
      return String.format(
          "only in the soak run: %,d rows%s%n    only in the reference: %,d rows%s",
          here.size(), firstOf(here), there.size(), firstOf(there));
    }

    private static String firstOf(List<List<String>> rows) {
      StringBuilder s = new StringBuilder();
      rows.stream().limit(5).forEach(r -> s.append("\n      ").append(r));
      return s.toString();
    }
  }

  private void awaitFinished(String rest, String id, long start) throws Exception {
    Pattern state = Pattern.compile("\"state\":\"([A-Z]+)\"");
    long lastSaid = 0;
    while (true) {
      Matcher m = state.matcher(get(rest + "/jobs/" + id));
      String now = m.find() ? m.group(1) : "UNKNOWN";
      if (now.equals("FINISHED")) {
        return;
      }
      if (now.equals("FAILED") || now.equals("CANCELED")) {
        throw new IllegalStateException("job " + id + " " + now + ": see the cluster's logs");
      }
      if (System.nanoTime() - lastSaid > 30_000_000_000L) {
        say("  %.0f s: job %s %s", seconds(start), id.substring(0, 8), now);
        lastSaid = System.nanoTime();
      }
      Thread.sleep(1_000);
    }
  }

  private long restartsOf(String rest, String id) throws Exception {
    Matcher m =
        Pattern.compile("\"value\":\"(\\d+)\"")
            .matcher(get(rest + "/jobs/" + id + "/metrics?get=numRestarts"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Runs infra/flink-cluster on the soak's cluster directory; its standard output. */
  private static String flinkCluster(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("infra/flink-cluster").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().put("FLINK_CLUSTER_WORK", dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("infra/flink-cluster " + args[0] + " failed: " + out);
    }
    return out;
  }

  /** Whether TaskManager {@code n} of the cluster in {@code dir} runs (its pid file's process). */
  private static boolean taskManagerRunning(Path dir, int n) throws IOException {
    Path pid = dir.resolve("pids/taskmanager-" + n + ".pid");
    return Files.exists(pid)
        && ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
            .map(ProcessHandle::isAlive)
            .orElse(false);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
