package se.sakervard.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.feeds.hl7.AdtMessages.adt;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.census.CensusJob;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The whole edge under a broker failure: ADT messages sent by HAPI's client over MLLP to the
 * listener, written to Kafka, mapped to census events by the feed job, counted by the census job in
 * ClickHouse. The conformance suite ({@code se.sakervard.feeds.ConformanceSuiteITCase}) runs the
 * edge's cases.
 */
class AdtFeedITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final Pseudonyms KEY =
      new Pseudonyms(
          "the conformance suite's key, not a real one".getBytes(StandardCharsets.UTF_8));

  /**
   * The broker is killed while a sender sends 120 admissions (one a minute from 08:00 on AVD12,
   * each a visit of its own) and started again 5 s later. The sender sends each message until it
   * gets AA, as an integration engine does: messages answered AE while Kafka was away (or whose AA
   * was lost) come again. Every acknowledged admission is counted once: 120 patients on the unit.
   */
  @Test
  void shouldCountEveryAcknowledgedMessageOnceThroughABrokerKill() throws Exception {
    String suffix = UUID.randomUUID().toString();
    Map<String, String> values = STACK.boundedRunSettings(suffix);
    for (String topic : List.of("hl7-raw", "census", "dead-letters", "units", "indicators")) {
      values.put("topic." + topic, topic + "-" + suffix);
    }
    values.put(PipelineOptions.TOPIC_CURRENT_INDICATORS.key(), "current-" + suffix);
    values.put(PipelineOptions.HL7_PORT.key(), Integer.toString(freePort()));
    PipelineSettings settings = PipelineSettings.of(values);
    STACK
        .kafka()
        .createTopics(
            1,
            settings.get(PipelineOptions.TOPIC_HL7_RAW),
            settings.get(PipelineOptions.TOPIC_CENSUS),
            settings.get(PipelineOptions.TOPIC_DEAD_LETTERS),
            settings.get(PipelineOptions.TOPIC_UNITS),
            settings.get(PipelineOptions.TOPIC_INDICATORS),
            "current-" + suffix);
    STACK.send(
        List.of(
            UnitReferenceRecords.somatic(
                settings.get(PipelineOptions.TOPIC_UNITS), "HK", "HK-H1", "HK-H1-U12")));
    LocationMap map = new LocationMap("HK", Map.of("AVD12", "HK-H1-U12"), Map.of());
    int admissions = 120;
    int notAccepted = 0;
    try (MllpListener listener = new MllpListener(settings, map, KEY)) {
      listener.start();
      HapiContext context = Hl7Messages.context();
      int port = settings.get(PipelineOptions.HL7_PORT);
      Connection client = context.newClient("127.0.0.1", port, false);
      Thread restart = null;
      for (int i = 0; i < admissions; i++) {
        if (i == 40) {
          STACK.stopKafka();
          restart =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(5_000);
                      STACK.startKafka();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
          restart.start();
        }
        String time = java.time.LocalDateTime.of(2026, 1, 14, 8, 0).plusMinutes(i).toString();
        Message message =
            context.getPipeParser().parse(adt("k" + i, "A01", time, "K" + i, "AVD12"));
        while (true) {
          String code;
          try {
            code = new Terser(client.getInitiator().sendAndReceive(message)).get("/MSA-1");
          } catch (Exception e) {
            code = e.getClass().getSimpleName();
            client.close();
            client = context.newClient("127.0.0.1", port, false);
          }
          if (code.equals("AA")) {
            break;
          }
          notAccepted++;
          Thread.sleep(200);
        }
      }
      client.close();
      restart.join();
    }
    assertThat(notAccepted)
        .as("messages answered other than AA while the broker was away")
        .isPositive();

    mapAndCount(settings, map);

    assertThat(
            STACK.query(
                "SELECT toString(occupied) FROM v_census_current"
                    + " WHERE region_code = 'HK' AND level = 'UNIT'"))
        .containsExactly(List.of(Integer.toString(admissions)));
  }

  /** Runs the feed job and then the census job over what the listener wrote, both bounded. */
  private static void mapAndCount(PipelineSettings settings, LocationMap map) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    new AdtFeedJob(settings, new AdtMapping(map, KEY)).execute(env);
    StreamExecutionEnvironment census = StreamExecutionEnvironment.getExecutionEnvironment();
    census.setParallelism(2);
    CensusJob.production(settings).execute(census);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
