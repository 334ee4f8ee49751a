package se.sakervard.local.benchmark;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.local.LocalPipeline;

/** Times the rows a latency run stores in one table. */
interface LatencyProbe {
  /** The table timed: its merges are stopped so that every row inserted stays visible. */
  String table();

  /** What is timed, for the report. */
  String describe();

  /** Called before the latency run's job starts. */
  default void beforeRun() {}

  /**
   * Each timed row's latency in milliseconds.
   *
   * @param topics the latency run's topic of each input
   */
  List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics)
      throws Exception;
}
