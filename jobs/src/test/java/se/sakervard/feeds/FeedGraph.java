package se.sakervard.feeds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.testing.InMemoryTopic;

/**
 * A feed job's graph ({@link CensusFeed#build}) run on an in-memory raw topic, on the test's mini
 * cluster: the census events it sends, each as "Kind unit HH:mm" (UTC), and its dead letters as
 * "offset REASON".
 */
public record FeedGraph(List<String> census, List<String> deadLetters) {
  /** The tests' pseudonym key: not a real one. */
  public static final Pseudonyms KEY =
      new Pseudonyms("the graph test's key, not a real one".getBytes(StandardCharsets.UTF_8));

  /**
   * Runs {@code feed} over {@code raw}, failing if {@code patientId} appears in any census event.
   */
  public static FeedGraph run(CensusFeed<?, ?> feed, InMemoryTopic raw, String patientId)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    CensusFeed.FeedStreams streams = feed.build(raw.read(env));
    // Described in the feed's chain: a mapped event is never serialized by the job.
    CloseableIterator<String> events =
        streams
            .events()
            .map(
                e -> {
                  if (e.event().toString().contains(patientId)) {
                    throw new AssertionError("The patient's id left the mapping: " + e.event());
                  }
                  return describe(e.event());
                })
            .returns(Types.STRING)
            .collectAsync();
    CloseableIterator<DeadLetterRecord> deadLetters = streams.deadLetters().collectAsync();
    env.execute(feed.name() + " graph");

    List<String> census = new ArrayList<>();
    events.forEachRemaining(census::add);
    List<String> dead = new ArrayList<>();
    deadLetters.forEachRemaining(d -> dead.add(d.offset() + " " + d.reason()));
    return new FeedGraph(census, dead);
  }

  private static String describe(CensusEvent e) {
    return e.getChange().getClass().getSimpleName()
        + " "
        + e.getEnvelope().getUnitCode()
        + " "
        + e.getEnvelope().getEventTime().toString().substring(11, 16);
  }
}
