package se.sakervard.local.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.local.LocalPipeline;
import se.sakervard.simulator.SimulatedRegion;

/**
 * One job's benchmark: its simulated input, its tables, and how its latency is timed.
 *
 * @param inputs the throughput run's topics
 * @param region the units the throughput run's records name, published on the run's own unit
 *     reference topic ({@link #publishUnits}); null where no job of it reads one
 * @param latency the latency run; null where the workload has none
 */
record Workload(
    String name,
    List<Stage> stages,
    String describe,
    SimulatedPeriod period,
    List<Input> inputs,
    SimulatedRegion region,
    List<String> tables,
    LatencyRun latency,
    Map<ConfigOption<String>, String> settings) {

  /**
   * The beginning of a region's workload's description: "N days of region R's {@code what} (H
   * hospitals, B available beds"; the workload adds the rest.
   */
  static String describeRegion(double days, String what, SimulatedRegion region, int hospitals) {
    return String.format(
        Locale.ROOT,
        "%.0f days of region %s's %s (%d hospitals, %,d available beds",
        days,
        region.regionCode(),
        what,
        hospitals,
        region.totalAvailableBeds());
  }

  /** The benchmark's topic of an input in a run: a fresh one for every run. */
  String topic(Input input, String run) {
    return topic(input.topicOption(), run);
  }

  String topic(ConfigOption<String> option, String run) {
    return "bench-" + name() + "-" + topicName(option) + "-" + run;
  }

  /** An option's topic as the benchmark names it: {@code topic.census} → {@code census}. */
  private static String topicName(ConfigOption<String> option) {
    return option.key().substring(option.key().indexOf('.') + 1);
  }

  Map<ConfigOption<String>, String> topics(List<Input> of, String run) {
    Map<ConfigOption<String>, String> topics = new HashMap<>();
    of.forEach(i -> topics.put(i.topicOption(), topic(i, run)));
    return topics;
  }

  /** The topic a stage reads for an option: the run's input topic or the default one. */
  String topicRead(ConfigOption<String> option, Map<ConfigOption<String>, String> topics) {
    return topics.getOrDefault(option, LocalPipeline.topic(option));
  }

  /** The run's topics and the workload's own settings, for the job. */
  Map<ConfigOption<String>, String> jobSettings(Map<ConfigOption<String>, String> topics) {
    Map<ConfigOption<String>, String> all = new HashMap<>(settings);
    all.putAll(topics);
    return all;
  }

  /**
   * Publishes the units of a run's region to a unit reference topic of the run's own (another run's
   * region has other units under the same codes) and points the run's jobs at it, before any of its
   * events are sent: the jobs place every event by it.
   */
  void publishUnits(
      SimulatedRegion region,
      String run,
      LocalPipeline pipeline,
      Map<ConfigOption<String>, String> topics)
      throws Exception {
    if (region == null) {
      return;
    }
    String topic = topic(PipelineOptions.TOPIC_UNITS, run);
    pipeline.createUnitsTopic(topic);
    pipeline.publishUnits(topic, region);
    topics.put(PipelineOptions.TOPIC_UNITS, topic);
  }
}
