package se.sakervard.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.board.BoardServer;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.fhir.EncounterFeedJob;
import se.sakervard.feeds.fhir.EncounterMapping;
import se.sakervard.feeds.hl7.AdtFeedJob;
import se.sakervard.feeds.hl7.AdtMapping;
import se.sakervard.local.LocalPipeline.LocalJob;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.DeviationFaultRates;
import se.sakervard.simulator.DeviationSimulationConfig;
import se.sakervard.simulator.DeviationSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.InfectionFaultRates;
import se.sakervard.simulator.InfectionSimulationConfig;
import se.sakervard.simulator.InfectionSimulator;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulatedRecord;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulationConfig;

/**
 * The pipeline end to end on the embedded local stack: starts a Kafka broker, the ClickHouse
 * endpoint and the census, deviation and infection jobs, feeds them a simulated region, and shows
 * the indicators per hospital as they arrive in ClickHouse. Stops everything it started on exit
 * (also on Ctrl-C).
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
    BoardServer board =
        BoardServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            URI.create(pipeline.clickHouseHttpUrl()),
            "default",
            "");
    // The region every simulator below simulates (each generates it from the same hospitals and
    // seed): its units' reference data goes out before the jobs start, so that they read it whole.
    SimulatedRegion region = SimulatedRegion.generate(options.hospitals(), options.seed());
    int units = pipeline.publishUnits(LocalPipeline.topic(PipelineOptions.TOPIC_UNITS), region);
    // Pages name the simulated places and link to the board (docs/alerting.md).
    java.nio.file.Path names = pipeline.workDir().resolve("place-names.properties");
    java.util.Properties p = new java.util.Properties();
    region.placeNames().forEach(p::setProperty);
    try (var out =
        java.nio.file.Files.newBufferedWriter(names, java.nio.charset.StandardCharsets.UTF_8)) {
      p.store(out, "Names of the simulated region's places, for pages");
    }
    PipelineSettings settings =
        pipeline
            .settings(false, Map.of())
            .with(PipelineOptions.ALERTING_PLACE_NAMES, names.toString())
            .with(PipelineOptions.ALERTING_BOARD_URL, board.url().toString());
    // Through a hospital edge: a location map of the region, and a pseudonym key of this run only.
    List<PipelineJob> feedJobs = new ArrayList<>();
    ListenerProcess listener = null;
    if (options.feed() != EdgeFeed.Kind.AVRO) {
      Path map =
          EdgeFeed.writeLocationMap(region, pipeline.workDir().resolve("location-map.properties"));
      String key = EdgeFeed.runKey();
      Pseudonyms pseudonyms = new Pseudonyms(key.getBytes(StandardCharsets.UTF_8));
      LocationMap locations = LocationMap.load(map, "--feed");
      if (options.feed() == EdgeFeed.Kind.HL7) {
        listener = ListenerProcess.start(pipeline, map, key, freePort());
        feedJobs.add(AdtFeedJob.of(settings, new AdtMapping(locations, pseudonyms)));
        say(
            "MLLP listener (its own process) on 127.0.0.1:"
                + listener.port()
                + ", writing to "
                + settings.get(PipelineOptions.TOPIC_HL7_RAW)
                + "; the region's location map: "
                + map);
      } else {
        feedJobs.add(EncounterFeedJob.of(settings, new EncounterMapping(locations, pseudonyms)));
        say(
            "FHIR Encounters go to "
                + settings.get(PipelineOptions.TOPIC_FHIR_RAW)
                + "; the region's location map: "
                + map);
      }
    }
    pipeline.startJobs(
        settings,
        feedJobs,
        LocalJob.CENSUS,
        LocalJob.DEVIATIONS,
        LocalJob.INFECTIONS,
        LocalJob.ALERTING);
    say(
        "Census, deviation, infection and alerting jobs running on a local Flink mini cluster"
            + " (parallelism "
            + LocalPipeline.PARALLELISM
            + "), with the reference data of the region's "
            + units
            + " units.");

    // The simulation ends about now, so no event time lies in the future.
    Instant now = Instant.now();
    Instant start = now.minus(options.duration()).plus(options.wallTime());
    SimulationConfig config =
        new SimulationConfig(
            options.hospitals(), options.seed(), start, options.duration(), options.faults());
    CensusSimulator census = new CensusSimulator(config);
    DeviationSimulator deviations =
        new DeviationSimulator(
            new DeviationSimulationConfig(
                options.hospitals(),
                options.seed(),
                start,
                options.duration(),
                options.faults(),
                options.faults().equals(FaultRates.none())
                    ? DeviationFaultRates.none()
                    : DeviationFaultRates.typical()));
    InfectionSimulator infections =
        new InfectionSimulator(
            new InfectionSimulationConfig(
                options.hospitals(),
                options.seed(),
                start,
                options.duration(),
                options.faults(),
                options.faults().equals(FaultRates.none())
                    ? InfectionFaultRates.none()
                    : InfectionFaultRates.typical()));
    say(
        String.format(
            Locale.ROOT,
            "Simulating region %s: %d hospital(s), %d available beds, %.1f days of events at %s, seed %d.",
            census.region().regionCode(),
            options.hospitals(),
            census.region().totalAvailableBeds(),
            options.duration().toMinutes() / 1440.0,
            Double.isInfinite(options.speed())
                ? "full speed"
                : String.format(Locale.ROOT, "%,.0f times real time", options.speed()),
            options.seed()));

    AtomicReference<KafkaFeeder.Progress> censusProgress = new AtomicReference<>();
    AtomicReference<KafkaFeeder.Progress> deviationProgress = new AtomicReference<>();
    AtomicReference<KafkaFeeder.Progress> infectionProgress = new AtomicReference<>();
    CompletableFuture<Long> feeding =
        feedCensus(pipeline, census, options, start, censusProgress, listener)
            .thenCombine(
                feed(
                    pipeline,
                    PipelineOptions.TOPIC_DEVIATIONS,
                    deviations,
                    options,
                    start,
                    deviationProgress),
                Long::sum)
            .thenCombine(
                feed(
                    pipeline,
                    PipelineOptions.TOPIC_INFECTIONS,
                    infections,
                    options,
                    start,
                    infectionProgress),
                Long::sum);

    say("Here-and-now board: " + board.url() + " (open it in a browser; it updates every 15 s)");
    Dashboard dashboard =
        new Dashboard(pipeline, config, censusProgress, deviationProgress, infectionProgress);
    while (!feeding.isDone()) {
      dashboard.show(false);
      Thread.sleep(TERMINAL ? 2_000 : 10_000);
    }
    long sent = feeding.join();
    say("All " + sent + " records sent; waiting for the jobs to catch up ...");
    // Event time ends the last days only once the inputs fall silent and count as idle.
    Thread.sleep(LocalPipeline.IDLE_TIMEOUT.plusSeconds(2).toMillis());
    pipeline.awaitSettled(
        Duration.ofMinutes(5),
        "sakervard.census_current",
        "sakervard.deviation_backlog",
        "sakervard.infection_incidence",
        "sakervard.here_and_now_levels");
    dashboard.show(true);
    printWhereToQuery(pipeline, board.url());
    if (options.keep()) {
      say("The stack stays up for queries; press Ctrl-C to stop it.");
      Thread.currentThread().join();
    }
  }

  /**
   * Sends the census simulation through the edge the options name (as Avro to the census topic, as
   * HL7 over MLLP to {@code listener}, or as FHIR Encounters), paced from the start.
   */
  private static CompletableFuture<Long> feedCensus(
      LocalPipeline pipeline,
      Iterator<SimulatedRecord> records,
      RunOptions options,
      Instant start,
      AtomicReference<KafkaFeeder.Progress> progress,
      ListenerProcess listener) {
    if (options.feed() == EdgeFeed.Kind.AVRO) {
      return feed(pipeline, PipelineOptions.TOPIC_CENSUS, records, options, start, progress);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try (EdgeFeed edge =
              new EdgeFeed(
                  options.feed(),
                  pipeline.bootstrapServers(),
                  LocalPipeline.topic(PipelineOptions.TOPIC_CENSUS),
                  LocalPipeline.topic(PipelineOptions.TOPIC_FHIR_RAW),
                  "127.0.0.1",
                  listener == null ? -1 : listener.port())) {
            long sent = edge.feed(records, options.speed(), start, progress::set);
            say(
                edge.malformed()
                    + " malformed records (as simulated) went through the edge as the garbage they"
                    + " are"
                    + (options.feed() == EdgeFeed.Kind.HL7
                        ? "; beyond them, the listener answered AR to "
                            + edge.refused()
                            + " messages"
                        : "")
                    + ": see the dead letters.");
            return sent;
          } catch (Exception e) {
            throw new IllegalStateException(
                "Sending through the " + options.feed() + " edge failed: " + e, e);
          }
        });
  }

  /** Sends a simulation's records to the topic of {@code topicOption}, paced from the start. */
  private static CompletableFuture<Long> feed(
      LocalPipeline pipeline,
      ConfigOption<String> topicOption,
      Iterator<SimulatedRecord> records,
      RunOptions options,
      Instant start,
      AtomicReference<KafkaFeeder.Progress> progress) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (KafkaFeeder feeder =
              KafkaFeeder.connect(pipeline.bootstrapServers(), LocalPipeline.topic(topicOption))) {
            return feeder.feed(records, options.speed(), start, progress::set);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  private static void printWhereToQuery(LocalPipeline pipeline, URI board) {
    System.out.println();
    System.out.println("Query the rest:");
    System.out.println("  Board            " + board + "  (the here-and-now page)");
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
        "                   v_census_daily_snapshot, v_census_monthly_official, v_census_patient_days,");
    System.out.println(
        "                   v_deviation_cases, v_deviation_monthly, v_deviation_backlog,");
    System.out.println("                   v_deviation_daily, v_deviation_reported_rolling,");
    System.out.println(
        "                   v_infection_incidence, v_hygiene_compliance, v_hygiene_compliance_monthly,");
    System.out.println(
        "                   v_infection_prevalence, v_multi_resistant_findings, v_infection_clusters,");
    System.out.println("                   v_here_and_now, v_alert_audit");
    System.out.println(
        "  BI views         sakervard.bi_* (one per indicator, same columns), bi_official_*,"
            + " bi_public_*");
    System.out.println(
        "  Tables           sakervard.census_current, census_figures, deviation_cases,"
            + " deviation_monthly,");
    System.out.println(
        "                   deviation_backlog, deviation_daily, deviation_reported_rolling,");
    System.out.println(
        "                   infection_incidence, hygiene_compliance, infection_prevalence,");
    System.out.println(
        "                   multi_resistant_findings, infection_clusters, infection_cluster_events");
    System.out.println(
        "  Kafka            "
            + pipeline.bootstrapServers()
            + "  topics census-events, deviation-events, infection-observations, indicators,");
    System.out.println(
        "                   current-indicators, infection-clusters, alert-actions, dead-letters,");
    System.out.println("                   unit-reference");
    System.out.println(
        "  Metrics          "
            + pipeline.metricsUrl()
            + " (Flink's Prometheus reporter; grep sakervard_)");
    System.out.println("  Logs             " + pipeline.workDir());
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void say(String line) {
    System.out.println(line);
  }

  /** The per-hospital views of the census and the deviations, with the feeds' progress. */
  private static final class Dashboard {
    private final LocalPipeline pipeline;
    private final SimulationConfig config;
    private final AtomicReference<KafkaFeeder.Progress> census;
    private final AtomicReference<KafkaFeeder.Progress> deviations;
    private final AtomicReference<KafkaFeeder.Progress> infections;

    Dashboard(
        LocalPipeline pipeline,
        SimulationConfig config,
        AtomicReference<KafkaFeeder.Progress> census,
        AtomicReference<KafkaFeeder.Progress> deviations,
        AtomicReference<KafkaFeeder.Progress> infections) {
      this.pipeline = pipeline;
      this.config = config;
      this.census = census;
      this.deviations = deviations;
      this.infections = infections;
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
      eachRow(
          "SELECT level, if(level = 'REGION', region_code, hospital_code), units, occupied, available,"
              + " occupancy_percent, overcrowding_per_100_beds, outlying_per_100_beds,"
              + " toUnixTimestamp64Milli(as_of)"
              + " FROM sakervard.v_census_current WHERE level != 'UNIT' AND care_type = 'SOMATIC'"
              + " ORDER BY level, hospital_code",
          rows -> {
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
          });
      appendDeviations(out);
      appendInfections(out);
      appendLevels(out);
      System.out.print(out);
      System.out.flush();
    }

    /** Reports in the run, and the open backlog now, per hospital and region. */
    private void appendDeviations(StringBuilder out) throws Exception {
      out.append(
          String.format(
              Locale.ROOT,
              "%n%-10s %-10s %9s %6s %12s %13s  %s%n",
              "Deviations",
              "Place",
              "Reported",
              "Open",
              "Open > 30 d",
              "Open serious",
              "As of (event time)"));
      eachRow(
          "SELECT b.level, if(b.level = 'REGION', b.region_code, b.hospital_code),"
              + " r.reported, b.open_cases, b.open_over_30_days,"
              + " b.open_serious_care_injuries, toUnixTimestamp64Milli(b.as_of)"
              + " FROM sakervard.v_deviation_backlog AS b LEFT JOIN"
              + " (SELECT level, region_code, hospital_code, sum(reported) AS reported"
              + " FROM sakervard.v_deviation_daily GROUP BY ALL) AS r"
              + " ON r.level = b.level AND r.region_code = b.region_code"
              + " AND r.hospital_code = b.hospital_code"
              + " WHERE b.level != 'UNIT' ORDER BY b.level, b.hospital_code",
          rows -> {
            out.append(
                String.format(
                    Locale.ROOT,
                    "%-10s %-10s %9d %6d %12d %13d  %s%n",
                    rows.getString(1),
                    rows.getString(2),
                    rows.getLong(3),
                    rows.getLong(4),
                    rows.getLong(5),
                    rows.getLong(6),
                    LOCAL.format(Instant.ofEpochMilli(rows.getLong(7)))));
          });
    }

    /**
     * The last ended day's rolling 30 days per hospital and region: VRI incidence, hygiene
     * compliance on all steps with its observations, and the infection clusters so far.
     */
    private void appendInfections(StringBuilder out) throws Exception {
      out.append(
          String.format(
              Locale.ROOT,
              "%n%-10s %-10s %9s %13s %12s %12s %9s  %s%n",
              "Infections",
              "Place",
              "VRI 30 d",
              "per 1000 pd",
              "Hygiene %",
              "observed",
              "Clusters",
              "Day (last ended)"));
      eachRow(
          "SELECT i.level, i.place, i.cases, i.incidence, h.all_steps, h.observations,"
              + " k.open, k.clusters, toString(i.last_day)"
              + " FROM (SELECT level, if(level = 'REGION', region_code, hospital_code) AS place,"
              + " argMax(cases, day) AS cases,"
              + " argMax(ifNull(incidence_per_1000_patient_days, 0), day) AS incidence,"
              + " max(day) AS last_day FROM sakervard.v_infection_incidence"
              + " WHERE level != 'UNIT' AND period = 'ROLLING_30_DAYS' AND infection_type = 'ALL'"
              + " GROUP BY ALL) AS i"
              + " LEFT JOIN (SELECT level, if(level = 'REGION', region_code, hospital_code) AS place,"
              + " argMax(observations, day) AS observations,"
              + " argMax(ifNull(all_steps_percent, 0), day) AS all_steps"
              + " FROM sakervard.v_hygiene_compliance"
              + " WHERE level != 'UNIT' AND period = 'ROLLING_30_DAYS' GROUP BY ALL) AS h"
              + " ON h.level = i.level AND h.place = i.place"
              + " LEFT JOIN (SELECT 'HOSPITAL' AS level, hospital_code AS place,"
              + " countIf(status = 'OPEN') AS open, count() AS clusters"
              + " FROM sakervard.v_infection_clusters GROUP BY ALL"
              + " UNION ALL SELECT 'REGION', region_code, countIf(status = 'OPEN'), count()"
              + " FROM sakervard.v_infection_clusters GROUP BY ALL) AS k"
              + " ON k.level = i.level AND k.place = i.place"
              + " ORDER BY i.level, i.place",
          rows -> {
            long observations = rows.getLong(6);
            out.append(
                String.format(
                    Locale.ROOT,
                    "%-10s %-10s %9d %13.1f %12s %12d %9s  %s%n",
                    rows.getString(1),
                    rows.getString(2),
                    rows.getLong(3),
                    rows.getDouble(4),
                    observations == 0 ? "-" : String.format(Locale.ROOT, "%.0f", rows.getDouble(5)),
                    observations,
                    rows.getLong(7) + " open/" + rows.getLong(8),
                    rows.getString(9)));
          });
    }

    /** Each hospital's here-and-now level with its reasons, and how many of its units are at 3+. */
    private void appendLevels(StringBuilder out) throws SQLException {
      out.append(
          String.format(
              Locale.ROOT,
              "%n%-10s %-10s %5s %11s  %s%n",
              "Here/now",
              "Place",
              "Level",
              "Units 3+",
              "Reasons"));
      eachRow(
          "SELECT h.hospital_code, h.here_and_now_level, u.severe,"
              + " arrayStringConcat(h.reasons, '; ')"
              + " FROM (SELECT * FROM sakervard.v_here_and_now WHERE level = 'HOSPITAL') AS h"
              + " LEFT JOIN (SELECT hospital_code, countIf(here_and_now_level >= 3) AS severe"
              + " FROM sakervard.v_here_and_now WHERE level = 'UNIT' GROUP BY hospital_code) AS u"
              + " ON u.hospital_code = h.hospital_code ORDER BY h.hospital_code",
          rows ->
              out.append(
                  String.format(
                      Locale.ROOT,
                      "%-10s %-10s %5d %11d  %s%n",
                      "HOSPITAL",
                      rows.getString(1),
                      rows.getInt(2),
                      rows.getLong(3),
                      rows.getString(4).isEmpty() ? "-" : rows.getString(4))));
    }

    private interface RowHandler {
      void handle(ResultSet row) throws SQLException;
    }

    private void eachRow(String query, RowHandler handler) throws SQLException {
      try (Connection c = pipeline.clickHouse();
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery(query)) {
        while (rows.next()) {
          handler.handle(rows);
        }
      }
    }

    private String progressLine(boolean finished) {
      KafkaFeeder.Progress p = census.get();
      if (p == null || p.simulatedTime() == null) {
        return "Starting the feeds ...";
      }
      return "Simulated time "
          + LOCAL.format(p.simulatedTime())
          + " | census "
          + ProgressLine.ofFeed(p, config.start(), config.duration(), finished)
          + " | deviations "
          + sent(deviations)
          + ", infections "
          + sent(infections)
          + " records sent";
    }

    private static long sent(AtomicReference<KafkaFeeder.Progress> feed) {
      KafkaFeeder.Progress p = feed.get();
      return p == null ? 0 : p.recordsSent();
    }
  }
}
