package se.sakervard.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.census.CensusJob;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.feeds.fhir.EncounterFeedJob;
import se.sakervard.feeds.fhir.EncounterMapping;
import se.sakervard.feeds.fhir.EncounterReader;
import se.sakervard.feeds.hl7.AdtFeedJob;
import se.sakervard.feeds.hl7.AdtMapping;
import se.sakervard.feeds.hl7.MllpListener;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The conformance suite (jobs/src/test/resources/conformance, {@link ConformanceCase}) through the
 * whole edge: HL7 v2 messages as their files have them, framed by HAPI's MLLP writer, to the
 * listener, to Kafka, mapped by the feed job, counted by the census job in ClickHouse; FHIR
 * Encounters from their topic the same way. Each case's figures are checked against what its file
 * expects, and every failing case is named.
 */
class ConformanceSuiteITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final Pseudonyms KEY =
      new Pseudonyms(
          "the conformance suite's key, not a real one".getBytes(StandardCharsets.UTF_8));

  @Test
  void shouldGiveEveryHl7CaseItsExpectedFigures() throws Exception {
    List<ConformanceCase> cases = ConformanceCase.load("hl7", "hl7");
    PipelineSettings settings = settings();
    LocationMap map = map();
    SoftAssertions softly = new SoftAssertions();
    try (MllpListener listener = new MllpListener(settings, map, KEY)) {
      listener.start();
      for (ConformanceCase c : cases) {
        List<String> acks = new ArrayList<>();
        for (int i = 0; i < c.messages().size(); i++) {
          acks.add(MllpFrames.send(settings.get(PipelineOptions.HL7_PORT), c.hl7Message(i)));
        }
        for (String[] expected : c.expected("ack")) {
          softly.assertThat(acks).as(c.name() + ": MLLP answers").containsExactly(expected);
        }
      }
    }
    run(settings, AdtFeedJob.of(settings, new AdtMapping(map, KEY)));

    checkFigures(cases, settings, softly);
    softly.assertAll();
  }

  @Test
  void shouldGiveEveryFhirCaseItsExpectedFigures() throws Exception {
    List<ConformanceCase> cases = ConformanceCase.load("fhir", "fhir");
    PipelineSettings settings = settings();
    LocationMap map = map();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (ConformanceCase c : cases) {
      for (String json : c.messages()) {
        // Keyed by the Encounter's id, as the relay that publishes them does (none if unreadable).
        String key;
        try {
          key = new EncounterReader().read(json).id();
        } catch (EncounterReader.UnreadableEncounterException e) {
          key = null;
        }
        records.add(
            new ProducerRecord<>(
                settings.get(PipelineOptions.TOPIC_FHIR_RAW),
                key,
                json.getBytes(StandardCharsets.UTF_8)));
      }
    }
    STACK.send(records);
    run(settings, EncounterFeedJob.of(settings, new EncounterMapping(map, KEY)));

    SoftAssertions softly = new SoftAssertions();
    checkFigures(cases, settings, softly);
    softly.assertAll();
  }

  /** Every case's figures and, over the whole suite, the dead letters. */
  private static void checkFigures(
      List<ConformanceCase> cases, PipelineSettings settings, SoftAssertions softly)
      throws Exception {
    List<String[]> expectedLetters = new ArrayList<>();
    for (ConformanceCase c : cases) {
      String day = "'" + c.day() + "'";
      for (String[] e : c.expected("hours")) {
        softly
            .assertThat(
                STACK.query(
                    "SELECT toString(round(patient_days * 24, 6)) FROM v_census_patient_days"
                        + " WHERE level = 'UNIT' AND unit_code = '"
                        + e[0]
                        + "' AND day = "
                        + day))
            .as(c.name() + ": patient hours of " + e[0] + " on " + c.day())
            .containsExactly(List.of(e[1]));
      }
      for (String[] e : c.expected("outlying-hours")) {
        softly
            .assertThat(
                STACK.query(
                    "SELECT toString(round(outlying * dateDiff('second', period_start,"
                        + " period_end) / 3600, 6)) FROM census_figures FINAL WHERE period_kind ="
                        + " 'DAY' AND level = 'UNIT' AND unit_code = '"
                        + e[0]
                        + "' AND toDate(period_start, 'Europe/Stockholm') = "
                        + day))
            .as(c.name() + ": hours of outlying patients in " + e[0] + " on " + c.day())
            .containsExactly(List.of(e[1]));
      }
      for (String[] e : c.expected("now")) {
        softly
            .assertThat(
                STACK.query(
                    "SELECT toString(occupied), toString(outlying) FROM v_census_current"
                        + " WHERE level = 'UNIT' AND unit_code = '"
                        + e[0]
                        + "'"))
            .as(c.name() + ": " + e[0] + " now")
            .containsExactly(List.of(e[2], e[4]));
      }
      for (String[] e : c.expected("absent")) {
        softly
            .assertThat(
                STACK.query(
                    "SELECT period_kind FROM census_figures FINAL WHERE unit_code = '"
                        + e[0]
                        + "' UNION ALL SELECT 'CURRENT' FROM census_current FINAL"
                        + " WHERE unit_code = '"
                        + e[0]
                        + "'"))
            .as(c.name() + ": " + e[0] + " has no figure")
            .isEmpty();
      }
      expectedLetters.addAll(c.expected("dead-letter"));
    }
    List<DeadLetter> letters =
        STACK.readAll(
            settings.get(PipelineOptions.TOPIC_DEAD_LETTERS),
            DeadLetter.class,
            expectedLetters.size());
    List<String> found = new ArrayList<>();
    for (DeadLetter d : letters) {
      found.add(d.getReason() + " " + d.getDetail());
    }
    softly
        .assertThat(letters)
        .as("dead letters keep no message")
        .allSatisfy(d -> assertThat(d.getRawValue()).isNull());
    softly.assertThat(found).as("dead letters: " + found).hasSize(expectedLetters.size());
    for (String[] e : expectedLetters) {
      String match =
          found.stream()
              .filter(f -> f.startsWith(e[0] + " ") && f.contains(e[1]))
              .findFirst()
              .orElse(null);
      softly
          .assertThat(match)
          .as("a dead letter %s with '%s' among %s", e[0], e[1], found)
          .isNotNull();
      found.remove(match);
    }
  }

  /** Settings of a run with topics of its own, one partition each (the suite's order is one). */
  private static PipelineSettings settings() throws Exception {
    String suffix = UUID.randomUUID().toString();
    Map<String, String> values = STACK.boundedRunSettings(suffix);
    List<String> topics = new ArrayList<>();
    for (String topic :
        List.of("hl7-raw", "fhir-raw", "census", "dead-letters", "units", "indicators")) {
      values.put("topic." + topic, topic + "-" + suffix);
      topics.add(topic + "-" + suffix);
    }
    values.put(PipelineOptions.TOPIC_CURRENT_INDICATORS.key(), "current-" + suffix);
    topics.add("current-" + suffix);
    values.put(PipelineOptions.HL7_PORT.key(), Integer.toString(MllpFrames.freePort()));
    STACK.kafka().createTopics(1, topics.toArray(String[]::new));
    PipelineSettings settings = PipelineSettings.of(values);
    List<ProducerRecord<String, byte[]>> units = new ArrayList<>();
    for (String unit : new TreeSet<>(mapFile().values())) {
      units.add(
          UnitReferenceRecords.somatic(
              settings.get(PipelineOptions.TOPIC_UNITS),
              "HL",
              unit.substring(0, unit.lastIndexOf('-')),
              unit));
    }
    STACK.send(units);
    return settings;
  }

  /** The feed job and then the census job, both bounded, over what the sender sent. */
  private static void run(PipelineSettings settings, PipelineJob feed) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    feed.execute(env);
    StreamExecutionEnvironment census = StreamExecutionEnvironment.getExecutionEnvironment();
    census.setParallelism(2);
    CensusJob.production(settings).execute(census);
  }

  private static LocationMap map() throws Exception {
    return LocationMap.load(mapPath(), "the conformance suite's map");
  }

  private static Map<String, String> mapFile() throws Exception {
    java.util.Properties p = new java.util.Properties();
    try (var in = java.nio.file.Files.newBufferedReader(mapPath())) {
      p.load(in);
    }
    Map<String, String> units = new java.util.HashMap<>();
    p.stringPropertyNames().stream()
        .filter(k -> k.startsWith("location."))
        .forEach(k -> units.put(k, p.getProperty(k)));
    return units;
  }

  private static Path mapPath() throws Exception {
    return Path.of(
        ConformanceSuiteITCase.class.getResource("/conformance/location-map.properties").toURI());
  }
}
