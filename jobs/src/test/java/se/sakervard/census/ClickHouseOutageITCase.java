package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * ClickHouse down for a minute while the census job works through its input (docs/reliability.md,
 * fault 3): the sink fails, the job restarts from its last checkpoint again and again (a checkpoint
 * cannot complete while the sink cannot flush), and once ClickHouse is back it finishes with
 * exactly the figures of the same input without the outage: nothing lost, nothing counted twice.
 * The run without the outage keeps its state on the heap; the run with it on RocksDB with
 * incremental checkpoints, as production's census, so it restores from incremental checkpoints.
 */
class ClickHouseOutageITCase {
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldLoseNoRowAndCountNoneTwiceWhenClickHouseIsDownForAMinute(
      @InjectClusterClient ClusterClient<?> cluster) throws Exception {
    start(new TwoUnitsTwoDays("R7", "census-R7-" + UUID.randomUUID()), "R7", "hashmap")
        .getJobExecutionResult()
        .get(2, TimeUnit.MINUTES);
    List<List<String>> expected = CensusRuns.figures(STACK, "R7");

    STACK.stopClickHouse();
    JobClient job =
        start(new TwoUnitsTwoDays("R8", "census-R8-" + UUID.randomUUID()), "R8", "rocksdb");
    assertThat(MiniClusters.stateBackendOf(cluster, job.getJobID()))
        .isEqualTo("EmbeddedRocksDBStateBackend");
    Thread.sleep(OUTAGE.toMillis());
    // Without ClickHouse the job cannot finish (a clean run takes seconds): it keeps failing at
    // the sink and restarting from its last checkpoint.
    assertThat(job.getJobStatus().get()).isIn(JobStatus.RUNNING, JobStatus.RESTARTING);
    STACK.startClickHouse();
    job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(CensusRuns.figures(STACK, "R8")).isEqualTo(expected);
  }

  /** Starts the census job over the scenario, checkpointing every second, restarting on failure. */
  private static JobClient start(TwoUnitsTwoDays scenario, String region, String stateBackend)
      throws Exception {
    return CensusRuns.prepare(STACK, scenario, region)
        .startRestarting("sakervard-census-outage-" + region, stateBackend);
  }
}
