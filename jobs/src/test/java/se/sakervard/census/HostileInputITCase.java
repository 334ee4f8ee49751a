package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * A hostile input stream (docs/reliability.md, fault 5) through the real broker, the census job and
 * ClickHouse: random bytes, truncated records, an unknown schema fingerprint, a huge field, times
 * far in the future and the past, invisible characters in codes. Every bad record ends in the
 * dead-letter topic with its reason, the job finishes without a failure (the mini cluster has no
 * restart strategy: any exception from input would fail the run), and the good records' figures are
 * exactly those of the same scenario without the hostile records.
 */
class HostileInputITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldDeadLetterEveryHostileRecordAndCountTheGoodOnesExactly() throws Exception {
    run(new TwoUnitsTwoDays("R3", "census-R3-" + UUID.randomUUID()), "R3");
    TwoUnitsTwoDays hostile =
        new TwoUnitsTwoDays("R4", "census-R4-" + UUID.randomUUID()).withHostileRecords();
    String deadLetters = run(hostile, "R4");

    // The scenario's own two (a malformed record, an event beyond the allowed lateness) and the
    // ten hostile ones.
    Map<String, Long> byReason =
        STACK.readAll(deadLetters, DeadLetter.class, 12).stream()
            .collect(Collectors.groupingBy(d -> d.getReason().name(), Collectors.counting()));
    assertThat(byReason)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MALFORMED", 5L, "UNKNOWN_SCHEMA", 1L, "INVALID", 5L, "TOO_LATE", 1L));
    assertThat(CensusRuns.figures(STACK, "R4"))
        .hasSizeGreaterThan(100)
        .isEqualTo(CensusRuns.figures(STACK, "R3"));
  }

  /** Runs the census job over the scenario's records; returns its dead-letter topic. */
  private static String run(TwoUnitsTwoDays scenario, String region) throws Exception {
    CensusRuns.Run run = CensusRuns.prepare(STACK, scenario, region);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    run.job().execute(env);
    return run.deadLetters();
  }
}
