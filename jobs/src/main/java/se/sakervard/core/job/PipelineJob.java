package se.sakervard.core.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * A job of the product: its graph can be added to an environment (the local stack runs several in
 * one) or run on its own as {@code sakervard-<name>}.
 */
public interface PipelineJob {
  /** The job as production runs it, from its settings. */
  interface Factory {
    PipelineJob from(PipelineSettings settings) throws Exception;
  }

  String name();

  /** Adds the job's graph to {@code env} without running it. */
  void attachTo(StreamExecutionEnvironment env);

  default JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    passRecordsWithoutCopies(env);
    refuseGenericTypes(env);
    attachTo(env);
    return env.execute("sakervard-" + name());
  }

  /**
   * Chained operators pass each record on as it is instead of a deep copy per operator (Flink's
   * default copies, at several percent of the CPU): every record type the jobs pass is immutable
   * (Java records; the infection days' totals are copied before they change), so nothing can alter
   * a record another operator still holds. Sinks that buffer copy where they must (Flink's JDBC
   * output format does with reuse on).
   */
  static void passRecordsWithoutCopies(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
  }

  /**
   * No record or state may fall back to Kryo, whose bytes change with the class and cannot evolve:
   * every type a job keeps or sends has a serializer with a snapshot (Avro, a Flink POJO or a typed
   * collection), so a savepoint stays readable when a class gains or loses a field. A type that
   * would fall back fails the job at start (docs/reliability.md, "State across releases").
   */
  static void refuseGenericTypes(StreamExecutionEnvironment env) {
    Configuration generic = new Configuration();
    generic.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    env.configure(generic);
  }

  /**
   * What a job's {@code main} does: settings from the arguments, checkpoints as configured, run.
   */
  static void run(String[] args, Factory production) throws Exception {
    PipelineSettings config = PipelineSettings.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(config.get(PipelineOptions.CHECKPOINT_INTERVAL).toMillis());
    production.from(config).execute(env);
  }
}
