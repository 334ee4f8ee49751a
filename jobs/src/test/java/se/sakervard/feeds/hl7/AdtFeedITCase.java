package se.sakervard.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.feeds.hl7.AdtMessages.adt;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.MinLLPReader;
import ca.uhn.hl7v2.llp.MinLLPWriter;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The whole edge: ADT messages sent by HAPI's client over MLLP to the listener, written to Kafka,
 * mapped to census events by the feed job, counted by the census job in ClickHouse.
 */
class AdtFeedITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final Pseudonyms KEY =
      new Pseudonyms(
          "the conformance suite's key, not a real one".getBytes(StandardCharsets.UTF_8));

  /**
   * One day of two wards of hospital SUS (14 January 2026, local times):
   *
   * <pre>
   *  m1  A01 08:00 V1 admitted to AVD12
   *  m2  A01 08:00 V2 admitted to AVD12, m3 A02 the same second to AVD14 (ends on AVD14)
   *  m8  A01 09:00 V3 to AVD99, not in the map        AR, dead letter
   *  m9  A01 (HL7 2.3) 10:00 V4 to AVD14, m10 A11 11:00 cancels it
   *  m4  A02 12:00 V1 to AVD14, m5 A12 12:30 cancels it (V1 stays on AVD12)
   *  m11 A08 14:00 V1: surgery (AVD14) takes over       V1 outlying on AVD12
   *  m6  A03 18:00 V2 discharged from AVD14
   *  m1 again (the same MSH-10)                       AA, counted once
   *  m13 A17 (swap patients), a trigger not taken      AR, dead letter
   *  m14 A01 19:30 V6 with 2 MB of notes (NTE)         AR (too large to store), dead letter
   *  m12 A01 next day 02:00 V5 to AVD12                 (ends the 14th)
   *  garbage bytes                                     AR, dead letter
   * </pre>
   *
   * Patient days of the 14th in hours: AVD12 16 (V1 08:00-24:00), AVD14 10 (V2 08:00-18:00).
   */
  @Test
  void shouldCountADayOfAdtMessagesSentOverMllp() throws Exception {
    String suffix = UUID.randomUUID().toString();
    String raw = "hl7-raw-" + suffix;
    String census = "census-" + suffix;
    String deadLetters = "dead-letters-" + suffix;
    String units = "units-" + suffix;
    STACK
        .kafka()
        .createTopics(
            1, raw, census, deadLetters, units, "indicators-" + suffix, "current-" + suffix);
    STACK.send(
        List.of(
            UnitReferenceRecords.somatic(units, "HL", "HL-H1", "HL-H1-U12"),
            UnitReferenceRecords.somatic(units, "HL", "HL-H1", "HL-H1-U14")));
    Map<String, String> values = STACK.boundedRunSettings(suffix);
    values.put(PipelineOptions.TOPIC_HL7_RAW.key(), raw);
    values.put(PipelineOptions.TOPIC_CENSUS.key(), census);
    values.put(PipelineOptions.TOPIC_DEAD_LETTERS.key(), deadLetters);
    values.put(PipelineOptions.TOPIC_UNITS.key(), units);
    values.put(PipelineOptions.TOPIC_INDICATORS.key(), "indicators-" + suffix);
    values.put(PipelineOptions.TOPIC_CURRENT_INDICATORS.key(), "current-" + suffix);
    values.put(PipelineOptions.MAX_OUT_OF_ORDERNESS.key(), "10 min");
    values.put(PipelineOptions.HL7_PORT.key(), Integer.toString(freePort()));
    PipelineSettings settings = PipelineSettings.of(values);
    LocationMap map =
        LocationMap.load(
            Path.of(getClass().getResource("/conformance/hl7/location-map.properties").toURI()),
            "test");

    List<String> acks = new ArrayList<>();
    try (MllpListener listener = new MllpListener(settings, map, KEY)) {
      listener.start();
      HapiContext context = Hl7Messages.context();
      Connection client =
          context.newClient("127.0.0.1", settings.get(PipelineOptions.HL7_PORT), false);
      for (String message :
          List.of(
              adt("m1", "A01", "2026-01-14T08:00", "V1", "AVD12"),
              adt("m2", "A01", "2026-01-14T08:00", "V2", "AVD12"),
              adt("2.5.1", "m3", "A02", "2026-01-14T08:00", "V2", "AVD14", "AVD12", ""),
              adt("m8", "A01", "2026-01-14T09:00", "V3", "AVD99"),
              adt("2.3", "m9", "A01", "2026-01-14T10:00", "V4", "AVD14", "", ""),
              adt("m10", "A11", "2026-01-14T11:00", "V4", "AVD14"),
              adt("2.5.1", "m4", "A02", "2026-01-14T12:00", "V1", "AVD14", "AVD12", ""),
              adt("2.5.1", "m5", "A12", "2026-01-14T12:30", "V1", "AVD12", "AVD14", ""),
              adt("2.5.1", "m11", "A08", "2026-01-14T14:00", "V1", "AVD12", "", "KIR"),
              adt("m6", "A03", "2026-01-14T18:00", "V2", "AVD14"),
              adt("m1", "A01", "2026-01-14T08:00", "V1", "AVD12"),
              adt("m13", "A17", "2026-01-14T19:00", "V1", "AVD12"),
              tooLarge(adt("m14", "A01", "2026-01-14T19:30", "V6", "AVD12")),
              adt("m12", "A01", "2026-01-15T02:00", "V5", "AVD12"))) {
        Message ack = client.getInitiator().sendAndReceive(context.getPipeParser().parse(message));
        acks.add(new Terser(ack).get("/MSA-1"));
      }
      client.close();
      acks.add(sendRaw(settings.get(PipelineOptions.HL7_PORT), "not an HL7 message at all"));
    }
    assertThat(acks)
        .containsExactly(
            "AA", "AA", "AA", "AR", "AA", "AA", "AA", "AA", "AA", "AA", "AA", "AR", "AR", "AA",
            "AR");

    mapAndCount(settings, map);

    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(round(patient_days * 24, 6))"
                    + " FROM v_census_patient_days WHERE region_code = 'HL' AND day = '2026-01-14'"
                    + " ORDER BY level, unit_code"))
        .containsExactly(
            List.of("HOSPITAL", "", "26"),
            List.of("REGION", "", "26"),
            List.of("UNIT", "HL-H1-U12", "16"),
            List.of("UNIT", "HL-H1-U14", "10"));
    assertThat(
            STACK.query(
                "SELECT unit_code, toString(occupied), toString(outlying) FROM v_census_current"
                    + " WHERE region_code = 'HL' AND level = 'UNIT' ORDER BY unit_code"))
        .as("V1 and V5 on AVD12, V1 outlying there")
        .containsExactly(List.of("HL-H1-U12", "2", "1"), List.of("HL-H1-U14", "0", "0"));
    List<DeadLetter> letters = STACK.readAll(deadLetters, DeadLetter.class, 4);
    assertThat(letters)
        .extracting(d -> d.getReason() + " " + d.getEventId())
        .containsExactlyInAnyOrder("INVALID m8", "INVALID m13", "INVALID m14", "MALFORMED null");
    assertThat(letters).allSatisfy(d -> assertThat(d.getRawValue()).isNull());
    assertThat(letters)
        .extracting(DeadLetter::getDetail)
        .anySatisfy(d -> assertThat(d).contains("'AVD99' is not in the location map"));
  }

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

  /** The message with 2 MB of free-text notes (NTE segments) appended. */
  private static String tooLarge(String message) {
    StringBuilder notes = new StringBuilder(message);
    String line = "NTE|1||" + "x".repeat(1000) + "\r";
    for (int i = 0; i < 2_000; i++) {
      notes.append(line);
    }
    return notes.toString();
  }

  /** Sends bytes that are no HL7 message, framed by HAPI's MLLP writer; returns MSA-1. */
  private static String sendRaw(int port, String text) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      new MinLLPWriter(socket.getOutputStream()).writeMessage(text);
      String reply = new MinLLPReader(socket.getInputStream()).getMessage();
      for (String segment : reply.split("\r")) {
        if (segment.startsWith("MSA|")) {
          return segment.split("\\|")[1];
        }
      }
      return reply;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
