package se.sakervard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.census.CensusJob;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.simulator.CancelledStayEvents;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulationConfig;

/**
 * The census views answer the same whether the job writes every unit hour or, as by default, only
 * those that differ from the hour before (docs/sql.md, "The hourly census series"), on four
 * simulated days of two hospitals with typical faults (duplicates, events out of order within the
 * allowed lateness and beyond it, malformed records) and 2% of stay events registered again in
 * error and cancelled: technical units, summer and staffing bed changes, late corrections. The
 * scripted scenarios are compared the same way in {@code CensusHourlySeriesITCase}.
 */
class CensusHourlySeriesSimulationITCase {
  private static final Instant START = Instant.parse("2026-03-02T21:00:00Z");

  /** Every view built on census_figures. */
  private static final List<String> VIEWS =
      List.of(
          "v_census_hourly",
          "v_census_rolling_24h",
          "v_census_daily_snapshot",
          "v_census_patient_days",
          "v_census_monthly_official");

  @Test
  void shouldAnswerEveryCensusViewAsIfEveryHourWereWritten(@TempDir Path tmp) throws Exception {
    try (LocalPipeline stack = LocalPipeline.start(tmp.resolve("stack"))) {
      stack.publishUnits(LocalPipeline.topic(PipelineOptions.TOPIC_UNITS), simulation().region());

      Run every = run(stack, "every", true);
      Run changed = run(stack, "changed", false);

      assertThat(every.views()).as("a simulated region's census figures").hasSizeGreaterThan(1000);
      assertThat(changed.views()).isEqualTo(every.views());
      System.out.printf(
          "Hourly series: %,d unit hours written when every hour is, %,d by default%n",
          every.unitHours(), changed.unitHours());
      assertThat(changed.unitHours()).isLessThan(every.unitHours());
    }
  }

  /** A run's view rows (sorted) and how many unit HOUR rows it wrote. */
  private record Run(List<List<String>> views, long unitHours) {}

  private static CensusSimulator simulation() {
    return new CensusSimulator(
        new SimulationConfig(2, 42, START, Duration.ofDays(4), FaultRates.typical()));
  }

  /** One run on a topic of its own; the census tables are emptied after it. */
  private static Run run(LocalPipeline stack, String name, boolean writeUnchangedHours)
      throws Exception {
    String census = "census-hours-" + name;
    stack.createTopics(census);
    try (KafkaFeeder feeder = KafkaFeeder.connect(stack.bootstrapServers(), census)) {
      feeder.feed(
          new CancelledStayEvents(simulation(), 0.02, 42), Double.POSITIVE_INFINITY, p -> {});
    }
    PipelineSettings settings =
        stack
            .settings(true, Map.of(PipelineOptions.TOPIC_CENSUS, census))
            .with(PipelineOptions.IDLE_TIMEOUT, "0 ms")
            .with(PipelineOptions.KAFKA_GROUP_ID_PREFIX, "hours-" + name)
            .with(PipelineOptions.WRITE_UNCHANGED_HOURS, Boolean.toString(writeUnchangedHours));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(LocalPipeline.PARALLELISM);
    CensusJob.production(settings).execute(env);
    try (Connection c = stack.clickHouse();
        Statement s = c.createStatement()) {
      List<List<String>> views = new ArrayList<>();
      for (String view : VIEWS) {
        views.addAll(rows(s, "SELECT '" + view + "', * FROM " + view));
      }
      views.sort(Comparator.comparing(List::toString));
      long unitHours =
          Long.parseLong(
              rows(
                      s,
                      "SELECT count() FROM census_figures FINAL"
                          + " WHERE period_kind = 'HOUR' AND level = 'UNIT'")
                  .get(0)
                  .get(0));
      s.execute("TRUNCATE TABLE census_figures");
      s.execute("TRUNCATE TABLE census_current");
      return new Run(views, unitHours);
    }
  }

  private static List<List<String>> rows(Statement s, String query) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery(query)) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          // When a row was written is not a figure.
          if (!meta.getColumnLabel(i).equals("inserted_at")) {
            row.add(r.getString(i));
          }
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
