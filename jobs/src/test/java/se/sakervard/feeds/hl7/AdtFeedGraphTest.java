package se.sakervard.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The HL7 feed's graph ({@link CensusFeed#build}) on an in-memory raw topic, without Kafka: visit
 * V1 admitted to AVD12 at 08:00, moved to AVD14 at 09:00, discharged at 10:00 (local time), each
 * message mapped to the census event it means on the mapped unit (UTC = local − 1 h); a visit on
 * AVD99, a location not in the mapping, and bytes that are no message become dead letters. The
 * patient's record number (PID-3) appears in no census event.
 */
class AdtFeedGraphTest {
  // A cluster that outlives the job, so both collected streams are read after it ends.
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void shouldTurnAVisitsMessagesIntoCensusEventsOnTheMappedUnits() throws Exception {
    InMemoryTopic raw =
        InMemoryTopic.named("hl7-raw")
            .add(er7(AdtMessages.adt("m1", "A01", "2026-03-02T08:00", "V1", "AVD12")))
            .add(
                er7(
                    AdtMessages.adt(
                        "2.5.1", "m2", "A02", "2026-03-02T09:00", "V1", "AVD14", "AVD12", "")))
            .add(er7(AdtMessages.adt("m3", "A03", "2026-03-02T10:00", "V1", "AVD14")))
            .add(er7(AdtMessages.adt("m4", "A01", "2026-03-02T08:30", "V2", "AVD99")))
            .add(new byte[] {1, 2, 3});
    LocationMap map =
        new LocationMap("HG", Map.of("AVD12", "HG-H1-U12", "AVD14", "HG-H1-U14"), Map.of());
    CensusFeed<?, ?> feed =
        AdtFeedJob.of(
            PipelineSettings.of(Map.of("kafka.bounded", "true")),
            new AdtMapping(map, FeedGraph.KEY));

    FeedGraph run = FeedGraph.run(feed, raw, AdtMessages.PATIENT);
    assertThat(run.census())
        .containsExactly(
            "Admission HG-H1-U12 07:00", "Transfer HG-H1-U14 08:00", "Discharge HG-H1-U14 09:00");
    assertThat(run.deadLetters()).containsExactlyInAnyOrder("3 INVALID", "4 MALFORMED");
  }

  private static byte[] er7(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }
}
