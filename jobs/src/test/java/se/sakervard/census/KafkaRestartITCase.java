package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * The Kafka broker killed and restarted while the census job runs (docs/reliability.md, fault 4):
 * the job reads its topic without end, as in production, and the broker dies (SIGKILL) between two
 * parts of the scenario, after a checkpoint has covered the first. Once the broker is back on the
 * same port and data, the rest of the scenario is sent, and the job must end with exactly the
 * figures and dead letters of the same input run without the fault: nothing lost, nothing counted
 * twice.
 *
 * <p>The scenario is cut just before its too-late event (16 h behind, to be dead-lettered): whether
 * that event is counted depends only on how far event time had come before it, which a job that
 * restarts from a checkpoint while the broker is down must still know. With production client
 * settings the job rides a 20 s outage out without failing (its clients wait for the broker), so
 * the test shortens the clients' timeouts to make it fail and restart while the broker is down, as
 * a longer outage would, and checks that it did.
 */
class KafkaRestartITCase {
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldLoseNothingAndCountNothingTwiceWhenTheKafkaBrokerRestartsMidStream() throws Exception {
    // The reference reads to the end and finishes: at the end of input the job closes nothing the
    // last real watermark did not (UnitCensus), so its figures are those of an unbounded run too.
    CensusRuns.Run reference =
        CensusRuns.prepare(
            STACK, new TwoUnitsTwoDays("R5", "census-R5-" + UUID.randomUUID()), "R5");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    reference.job().execute(env);
    List<List<String>> expected = CensusRuns.figures(STACK, "R5");
    Set<String> expectedDeadLetters = deadLetters(reference, 2);

    TwoUnitsTwoDays scenario = new TwoUnitsTwoDays("R6", "census-R6-" + UUID.randomUUID());
    List<ProducerRecord<String, byte[]>> records = scenario.records();
    int cut = indexOfKey(records, "R6S9");
    // An outage that outlasts the clients' patience, in test time: the source looks for new
    // partitions every second (production: every 5 min) and gives up on that after 5 s (60 s;
    // a request after 2 s, 30 s), so the job fails while the broker is down and restarts from its
    // last checkpoint, as it does in production when an outage outlasts a partition discovery.
    CensusRuns.Run run =
        CensusRuns.create(STACK, scenario, "R6")
            .unbounded()
            .withKafkaClient("partition.discovery.interval.ms", "1000")
            .withKafkaClient("default.api.timeout.ms", "5000")
            .withKafkaClient("request.timeout.ms", "2000");
    JobClient job = run.startRestarting("sakervard-census-kafka-restart");

    STACK.send(records.subList(0, cut));
    await("a checkpoint covering the first " + cut + " records", () -> committed(run) == cut);
    int rowsBefore = CensusRuns.figures(STACK, "R6").size();

    long killed = System.nanoTime();
    STACK.stopKafka();
    await("job failure while the broker is down", () -> !failures(job).isEmpty());
    Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - killed) / 1_000_000));
    long restarting = System.nanoTime();
    STACK.startKafka();
    Duration down = Duration.ofNanos(System.nanoTime() - killed);
    Duration restart = Duration.ofNanos(System.nanoTime() - restarting);

    long resumed = System.nanoTime();
    STACK.send(records.subList(cut, records.size()));
    Duration sent = Duration.ofNanos(System.nanoTime() - resumed);
    await(
        "a checkpoint covering all " + records.size() + " records",
        () -> committed(run) == records.size());
    Duration settled = Duration.ofNanos(System.nanoTime() - resumed);
    List<String> failures = failures(job);
    List<List<String>> actual = CensusRuns.figures(STACK, "R6");
    Set<String> actualDeadLetters = deadLetters(run, expectedDeadLetters.size());
    job.cancel().get(1, TimeUnit.MINUTES);

    System.out.printf(
        "Kafka restart: %d of %d records sent before the kill (%d figure rows by then); broker down"
            + " %.1f s (%.1f s of it restarting); %d job failure(s): %s; the rest sent in %.1f s,"
            + " all records checkpointed %.1f s after sending began; %d figure rows (reference"
            + " %d); dead letters %s (reference %s)%n",
        cut,
        records.size(),
        rowsBefore,
        down.toMillis() / 1000.0,
        restart.toMillis() / 1000.0,
        failures.size(),
        failures.stream().distinct().toList(),
        sent.toMillis() / 1000.0,
        settled.toMillis() / 1000.0,
        actual.size(),
        expected.size(),
        actualDeadLetters,
        expectedDeadLetters);
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(actual).isEqualTo(expected);
    assertThat(actualDeadLetters).isEqualTo(expectedDeadLetters);
  }

  private static int indexOfKey(List<ProducerRecord<String, byte[]>> records, String key) {
    for (int i = 0; i < records.size(); i++) {
      if (key.equals(records.get(i).key())) {
        return i;
      }
    }
    throw new IllegalArgumentException("No record with key " + key);
  }

  private static long committed(CensusRuns.Run run) throws Exception {
    return STACK.committedOffsets(run.groupId(), run.census());
  }

  /**
   * The run's dead letters as "offset reason", each once: the topic is written at least once and
   * keyed by source offset, so a repeat after a restart is the same dead letter.
   */
  private static Set<String> deadLetters(CensusRuns.Run run, int atLeast) throws Exception {
    Set<String> distinct = new TreeSet<>();
    for (DeadLetter d : STACK.readAll(run.deadLetters(), DeadLetter.class, atLeast)) {
      distinct.add(d.getOffset() + " " + d.getReason());
    }
    return distinct;
  }

  /** Polls {@code condition} every 200 ms until it holds; fails after {@link #DEADLINE}. */
  private static void await(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No " + what + " within " + DEADLINE.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  /**
   * The job's failures so far, each as its root cause, from its exception history (each was
   * followed by a restart).
   */
  private static List<String> failures(JobClient job) throws Exception {
    Configuration client = FLINK.getClientConfiguration();
    URI uri =
        URI.create(
            "http://"
                + client.get(RestOptions.ADDRESS)
                + ":"
                + client.get(RestOptions.PORT)
                + "/jobs/"
                + job.getJobID()
                + "/exceptions");
    String body =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    List<String> failures = new ArrayList<>();
    for (JsonNode entry :
        new ObjectMapper().readTree(body).path("exceptionHistory").path("entries")) {
      String rootCause = entry.path("exceptionName").asText();
      for (String line : entry.path("stacktrace").asText().lines().toList()) {
        if (line.startsWith("Caused by: ")) {
          rootCause = line.substring("Caused by: ".length());
        }
      }
      failures.add(rootCause);
    }
    return failures;
  }
}
