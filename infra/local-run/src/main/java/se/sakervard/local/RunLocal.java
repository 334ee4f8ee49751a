package se.sakervard.local;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulationConfig;

/**
 * The pipeline end to end on the embedded local stack: starts a Kafka broker, the ClickHouse
 * endpoint and the census job, feeds a simulated region, and shows the indicators per hospital as
 * they arrive in ClickHouse. Stops everything it started on exit (also on Ctrl-C).
 */
public final class RunLocal {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Stockholm"));
  private static final boolean TERMINAL = System.console() != null;

  private RunLocal() {}

  public static void main(String[] args) throws Exception {
    RunOptions options = LocalCommand.parseOrExit(args, RunOptions::parse, RunOptions.USAGE);
    LocalCommand.runOnFreshStack("run", pipeline -> run(options, pipeline));
  }

  private static void run(RunOptions options, LocalPipeline pipeline) throws Exception {
    String topic = LocalPipeline.topic(PipelineOptions.TOPIC_CENSUS);
    pipeline.startCensusJob(pipeline.settings(topic, false));
    say(
        "Census job running on a local Flink mini cluster (parallelism "
            + LocalPipeline.PARALLELISM
            + ").");

    // The simulation ends about now, so no event time lies in the future.
    Instant now = Instant.now();
    Instant start = now.minus(options.duration()).plus(options.wallTime());
    SimulationConfig config =
        new SimulationConfig(
            options.hospitals(), options.seed(), start, options.duration(), options.faults());
    CensusSimulator simulator = new CensusSimulator(config);
    say(
        String.format(
            Locale.ROOT,
            "Simulating region %s: %d hospital(s), %d available beds, %.1f days of events at %s, seed %d.",
            simulator.region().regionCode(),
            options.hospitals(),
            simulator.region().totalAvailableBeds(),
            options.duration().toMinutes() / 1440.0,
            Double.isInfinite(options.speed())
                ? "full speed"
                : String.format(Locale.ROOT, "%,.0f times real time", options.speed()),
            options.seed()));

    AtomicReference<KafkaFeeder.Progress> progress = new AtomicReference<>();
    CompletableFuture<Long> feeding =
        CompletableFuture.supplyAsync(
            () -> {
              try (KafkaFeeder feeder = KafkaFeeder.connect(pipeline.bootstrapServers(), topic)) {
                return feeder.feed(simulator, options.speed(), progress::set);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });

    Dashboard dashboard = new Dashboard(pipeline, config, progress);
    while (!feeding.isDone()) {
      dashboard.show(false);
      Thread.sleep(TERMINAL ? 2_000 : 10_000);
    }
    long sent = feeding.join();
    say("All " + sent + " records sent; waiting for the job to catch up ...");
    pipeline.awaitSettled(Duration.ofMinutes(5));
    dashboard.show(true);
    printWhereToQuery(pipeline);
    if (options.keep()) {
      say("The stack stays up for queries; press Ctrl-C to stop it.");
      Thread.currentThread().join();
    }
  }

  private static void printWhereToQuery(LocalPipeline pipeline) {
    System.out.println();
    System.out.println("Query the rest:");
    System.out.println(
        "  ClickHouse HTTP  "
            + pipeline.clickHouseHttpUrl()
            + "   e.g. curl '"
            + pipeline.clickHouseHttpUrl()
            + "/?query=SELECT+*+FROM+sakervard.v_census_monthly_official+FORMAT+PrettyCompact'");
    System.out.println("  ClickHouse JDBC  " + pipeline.clickHouseJdbcUrl());
    System.out.println(
        "  Views            sakervard.v_census_current, v_census_hourly, v_census_rolling_24h,");
    System.out.println(
        "                   v_census_daily_snapshot, v_census_monthly_official, v_census_patient_days");
    System.out.println("  Tables           sakervard.census_current, sakervard.census_figures");
    System.out.println(
        "  Kafka            "
            + pipeline.bootstrapServers()
            + "  topics census-events, indicators, dead-letters");
    System.out.println(
        "  Metrics          "
            + pipeline.metricsUrl()
            + " (Flink's Prometheus reporter; grep sakervard_)");
    System.out.println("  Logs             " + pipeline.workDir());
  }

  static void say(String line) {
    System.out.println(line);
  }

  /** The per-hospital view of v_census_current, with the feed's progress. */
  private static final class Dashboard {
    private final LocalPipeline pipeline;
    private final SimulationConfig config;
    private final AtomicReference<KafkaFeeder.Progress> progress;

    Dashboard(
        LocalPipeline pipeline,
        SimulationConfig config,
        AtomicReference<KafkaFeeder.Progress> progress) {
      this.pipeline = pipeline;
      this.config = config;
      this.progress = progress;
    }

    void show(boolean last) throws Exception {
      StringBuilder out = new StringBuilder();
      if (TERMINAL && !last) {
        out.append("\033[H\033[2J");
      }
      out.append(progressLine(last)).append('\n');
      out.append(
          String.format(
              Locale.ROOT,
              "%n%-10s %-10s %6s %9s %6s %10s %13s %10s  %s%n",
              "Level",
              "Place",
              "Units",
              "Occupied",
              "Beds",
              "Occupancy",
              "Overcrowded",
              "Outlying",
              "As of (event time)"));
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %-10s %6s %9s %6s %10s %13s %10s%n",
              "",
              "",
              "",
              "",
              "",
              "%",
              "per 100 beds",
              "per 100"));
      try (Connection c = pipeline.clickHouse();
          Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery(
                  "SELECT level, if(level = 'REGION', region_code, hospital_code), units, occupied, available,"
                      + " occupancy_percent, overcrowding_per_100_beds, outlying_per_100_beds,"
                      + " toUnixTimestamp64Milli(as_of)"
                      + " FROM sakervard.v_census_current WHERE level != 'UNIT' AND care_type = 'SOMATIC'"
                      + " ORDER BY level, hospital_code")) {
        while (rows.next()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "%-10s %-10s %6d %9.0f %6.0f %10.1f %13.1f %10.1f  %s%n",
                  rows.getString(1),
                  rows.getString(2),
                  rows.getInt(3),
                  rows.getDouble(4),
                  rows.getDouble(5),
                  rows.getDouble(6),
                  rows.getDouble(7),
                  rows.getDouble(8),
                  LOCAL.format(Instant.ofEpochMilli(rows.getLong(9)))));
        }
      }
      System.out.print(out);
      System.out.flush();
    }

    private String progressLine(boolean finished) {
      KafkaFeeder.Progress p = progress.get();
      if (p == null) {
        return "Starting the feed ...";
      }
      return "Simulated time "
          + LOCAL.format(p.simulatedTime())
          + " | "
          + ProgressLine.ofFeed(p, config, finished);
    }
  }
}
