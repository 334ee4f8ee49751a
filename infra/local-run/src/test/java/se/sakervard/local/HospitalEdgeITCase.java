package se.sakervard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.census.CensusJob;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.fhir.EncounterFeedJob;
import se.sakervard.feeds.fhir.EncounterMapping;
import se.sakervard.feeds.hl7.AdtFeedJob;
import se.sakervard.feeds.hl7.AdtMapping;
import se.sakervard.feeds.hl7.MllpListener;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulationConfig;

/**
 * The simulated region through each edge ({@code infra/run --feed}) gives the census the Avro
 * contract gives: a day of one hospital, with duplicates, messages out of order (within the allowed
 * lateness) and malformed records, sent (1) as Avro census events, (2) as HL7 v2 ADT over MLLP to
 * the listener and mapped by the ADT feed job, (3) as FHIR R4 Encounters mapped by the Encounter
 * feed job. Every census figure (the census views and census_current) is the same in the three
 * runs.
 */
class HospitalEdgeITCase {
  private static final Instant START = Instant.parse("2026-03-02T21:37:13Z");

  /** Duplicates, records sent 1-20 minutes late and malformed records. */
  private static final FaultRates DELAYED =
      new FaultRates(0.005, 0.01, 0, Duration.ofHours(6), 0.0005);

  /**
   * Duplicates and malformed records only: an Encounter says when a location began, but not when
   * its responsible unit changed, so the feed takes the version's time, and a version sent late
   * moves that change (docs/hospital-feeds.md).
   */
  private static final FaultRates IN_ORDER =
      new FaultRates(0.005, 0, 0, Duration.ofHours(6), 0.0005);

  private static final Pseudonyms KEY =
      new Pseudonyms("the edge test's key, not a real one".getBytes(StandardCharsets.UTF_8));

  @Test
  void shouldGiveTheSameCensusThroughEveryEdge(@TempDir Path tmp) throws Exception {
    SimulatedRegion region = SimulatedRegion.generate(2, 42);
    try (LocalPipeline stack = LocalPipeline.start(tmp.resolve("stack"))) {
      stack.publishUnits(LocalPipeline.topic(PipelineOptions.TOPIC_UNITS), region);
      LocationMap map =
          LocationMap.load(
              EdgeFeed.writeLocationMap(region, tmp.resolve("map.properties")), "test");

      List<List<String>> avro = run(stack, EdgeFeed.Kind.AVRO, map, DELAYED);
      List<List<String>> hl7 = run(stack, EdgeFeed.Kind.HL7, map, DELAYED);
      List<List<String>> avroInOrder = run(stack, EdgeFeed.Kind.AVRO, map, IN_ORDER);
      List<List<String>> fhir = run(stack, EdgeFeed.Kind.FHIR, map, IN_ORDER);

      // Kept for a diff when the runs differ.
      for (var run :
          Map.of("avro", avro, "hl7", hl7, "avro-in-order", avroInOrder, "fhir", fhir).entrySet()) {
        java.nio.file.Files.write(
            Path.of("target", "edge-" + run.getKey() + ".txt"),
            run.getValue().stream().map(Object::toString).toList());
      }
      assertThat(avro).as("a day's census figures").hasSizeGreaterThan(100);
      assertThat(hl7).as("through HL7 v2 over MLLP").containsExactlyElementsOf(avro);
      assertThat(fhir).as("through FHIR R4 Encounters").containsExactlyElementsOf(avroInOrder);
    }
  }

  /** One run through {@code edge} on topics of its own; the census tables' rows, then emptied. */
  private static List<List<String>> run(
      LocalPipeline stack, EdgeFeed.Kind edge, LocationMap map, FaultRates faults)
      throws Exception {
    String name = edge.name().toLowerCase() + (faults == DELAYED ? "-delayed" : "");
    String census = "census-" + name;
    String raw = "raw-" + name;
    stack.createTopics(census, raw);
    PipelineSettings settings =
        stack
            .settings(
                true,
                Map.of(
                    PipelineOptions.TOPIC_CENSUS, census,
                    PipelineOptions.TOPIC_HL7_RAW, raw,
                    PipelineOptions.TOPIC_FHIR_RAW, raw))
            .with(PipelineOptions.IDLE_TIMEOUT, "0 ms")
            .with(PipelineOptions.KAFKA_GROUP_ID_PREFIX, "edge-" + name)
            .with(PipelineOptions.HL7_PORT, Integer.toString(freePort()));
    CensusSimulator simulation =
        new CensusSimulator(new SimulationConfig(2, 42, START, Duration.ofDays(1), faults));
    PipelineJob feedJob = null;
    if (edge == EdgeFeed.Kind.AVRO) {
      try (KafkaFeeder feeder = KafkaFeeder.connect(stack.bootstrapServers(), census)) {
        feeder.feed(simulation, Double.POSITIVE_INFINITY, p -> {});
      }
    } else {
      try (MllpListener listener = new MllpListener(settings, map, KEY);
          EdgeFeed feed =
              new EdgeFeed(
                  edge,
                  stack.bootstrapServers(),
                  census,
                  raw,
                  "127.0.0.1",
                  settings.get(PipelineOptions.HL7_PORT))) {
        listener.start();
        feed.feed(simulation, Double.POSITIVE_INFINITY, START, p -> {});
      }
      feedJob =
          edge == EdgeFeed.Kind.HL7
              ? AdtFeedJob.of(settings, new AdtMapping(map, KEY))
              : EncounterFeedJob.of(settings, new EncounterMapping(map, KEY));
    }
    if (feedJob != null) {
      feedJob.execute(env());
    }
    CensusJob.production(settings).execute(env());
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = stack.clickHouse();
        Statement s = c.createStatement()) {
      // The views, not census_figures' rows: which unchanged unit hours a run writes again when a
      // late event corrects them depends on when the event came; the figures do not.
      for (String view : ClickHouseRows.CENSUS_VIEWS) {
        rows.addAll(ClickHouseRows.of(s, "SELECT '" + view + "', * FROM " + view));
      }
      rows.addAll(ClickHouseRows.of(s, "SELECT * FROM census_current FINAL"));
      s.execute("TRUNCATE TABLE census_figures");
      s.execute("TRUNCATE TABLE census_current");
    }
    return rows;
  }

  private static StreamExecutionEnvironment env() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(LocalPipeline.PARALLELISM);
    return env;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
