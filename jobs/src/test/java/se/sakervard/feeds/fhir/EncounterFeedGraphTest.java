package se.sakervard.feeds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.feeds.fhir.Encounters.encounter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.feeds.CensusFeed;
import se.sakervard.feeds.FeedGraph;
import se.sakervard.feeds.LocationMap;
import se.sakervard.testing.InMemoryTopic;
import se.sakervard.testing.MiniClusters;

/**
 * The FHIR feed's graph ({@link CensusFeed#build} of {@link EncounterFeedJob}) on an in-memory raw
 * topic, without Kafka. Encounter E1, version 1 (11:05 local): in AVD12 from 08:00 to 11:00, then
 * AVD14; version 2 (15:10): finished at 15:00. The versions add an admission and a transfer, then
 * only the discharge (UTC = local − 1 h). A record that is no Encounter is a dead letter.
 */
class EncounterFeedGraphTest {
  // A cluster that outlives the job, so both collected streams are read after it ends.
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void shouldTurnEncounterVersionsIntoTheCensusEventsEachAdds() throws Exception {
    InMemoryTopic raw = InMemoryTopic.named("fhir-encounter-raw");
    raw.add(
        json(
            encounter("E1", "in-progress", "2026-01-14T11:05")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", null)
                .json()));
    raw.add(
        json(
            encounter("E1", "finished", "2026-01-14T15:10")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", "2026-01-14T15:00")
                .end("2026-01-14T15:00")
                .json()));
    raw.add(json("{\"resourceType\": \"Encounter\", \"status\": 42"));
    CensusFeed<?, ?> feed =
        EncounterFeedJob.of(
            PipelineSettings.of(Map.of("kafka.bounded", "true")),
            new EncounterMapping(
                new LocationMap(
                    "R01", Map.of("AVD12", "R01-H01-U12", "AVD14", "R01-H01-U14"), Map.of()),
                FeedGraph.KEY));

    FeedGraph run = FeedGraph.run(feed, raw, Encounters.PATIENT);
    assertThat(run.census())
        .containsExactly(
            "Admission R01-H01-U12 07:00",
            "Transfer R01-H01-U14 10:00",
            "Discharge R01-H01-U14 14:00");
    assertThat(run.deadLetters()).containsExactly("2 MALFORMED");
  }

  private static byte[] json(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
