package se.sakervard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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
    // One partition: which late events are admitted then depends on the order they were sent in
    // alone, so the two runs get the same figures (with two, on timing across the partitions).
    stack.createSinglePartitionTopic(census);
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
      for (String view : ClickHouseRows.CENSUS_VIEWS) {
        views.addAll(ClickHouseRows.of(s, "SELECT '" + view + "', * FROM " + view));
      }
      views.sort(Comparator.comparing(List::toString));
      long unitHours;
      try (ResultSet r =
          s.executeQuery(
              "SELECT count() FROM census_figures FINAL"
                  + " WHERE period_kind = 'HOUR' AND level = 'UNIT'")) {
        r.next();
        unitHours = r.getLong(1);
      }
      s.execute("TRUNCATE TABLE census_figures");
      s.execute("TRUNCATE TABLE census_current");
      return new Run(views, unitHours);
    }
  }
}
