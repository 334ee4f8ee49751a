package se.sakervard.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.core.job.PipelineJob;

/**
 * A job graph started on the mini cluster, stopped with a savepoint and started again from it, as
 * the savepoint fault tests do for each job: {@code start} (from a savepoint, every piece of its
 * state required to map), {@code stop} (a canonical savepoint, sinks flushed, no end of event time)
 * and {@code await} (a condition on the outputs, failing at once if the job ends).
 */
public final class SavepointRuns {
  private final Path savepoints;
  private final Duration deadline;
  private final String stateBackend;

  /** Savepoints go to {@code savepoints}; {@link #await} gives up after {@code deadline}. */
  public SavepointRuns(Path savepoints, Duration deadline) {
    this(savepoints, deadline, "hashmap");
  }

  /**
   * The same, the jobs keeping their state on {@code stateBackend}: {@code hashmap} (the heap) or
   * {@code rocksdb} (with incremental checkpoints, as production's census).
   */
  public SavepointRuns(Path savepoints, Duration deadline, String stateBackend) {
    this.savepoints = savepoints;
    this.deadline = deadline;
    this.stateBackend = stateBackend;
  }

  /** The same runs with the jobs' state on {@code stateBackend} instead. */
  public SavepointRuns on(String stateBackend) {
    return new SavepointRuns(savepoints, deadline, stateBackend);
  }

  public String stateBackend() {
    return stateBackend;
  }

  /** A condition on the job's outputs (ClickHouse, a topic, a receiver). */
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Starts the graph (parallelism 2, checkpoints every second as in production, no restarts: any
   * failure fails the test), from the savepoint if there is one, with every piece of the
   * savepoint's state required to map to an operator of the graph.
   */
  public JobClient start(Consumer<StreamExecutionEnvironment> graph, String savepoint, String name)
      throws Exception {
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    config.set(StateBackendOptions.STATE_BACKEND, stateBackend);
    config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend.equals("rocksdb"));
    if (savepoint != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.enableCheckpointing(1_000);
    PipelineJob.refuseGenericTypes(env);
    graph.accept(env);
    return env.executeAsync(name);
  }

  /**
   * Stops the job with a savepoint (sinks flushed, no end of event time), waits until it ends and
   * returns the savepoint's path.
   */
  public String stop(JobClient job) throws Exception {
    String path =
        job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(1, TimeUnit.MINUTES);
    job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
    return path;
  }

  /**
   * Polls the condition every 250 ms until it holds or the deadline passes (returns whether it
   * held); fails at once if the job ends meanwhile.
   */
  public boolean await(JobClient job, Condition condition) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.holds()) {
      JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
      if (status.isGloballyTerminalState()) {
        job.getJobExecutionResult().get(10, TimeUnit.SECONDS); // throws the failure's cause
        throw new AssertionError("The job ended: " + status);
      }
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(250);
    }
    return true;
  }
}
