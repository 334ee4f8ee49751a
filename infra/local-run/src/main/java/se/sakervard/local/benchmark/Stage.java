package se.sakervard.local.benchmark;

import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.local.LocalPipeline.LocalJob;

/**
 * Jobs run together as one bounded Flink job, after the stages before them: a job that reads
 * another's output (the infection job the census's patient days, alerting every job's indicator
 * values and clusters) runs after it, so that a bounded replay finds that output complete.
 *
 * @param reads the topics its jobs read, for its progress
 */
record Stage(List<LocalJob> jobs, List<ConfigOption<String>> reads) {

  /** The census job alone. */
  static final Stage CENSUS = Stage.of(LocalJob.CENSUS, List.of(PipelineOptions.TOPIC_CENSUS));

  /** The deviation job alone. */
  static final Stage DEVIATIONS =
      Stage.of(LocalJob.DEVIATIONS, List.of(PipelineOptions.TOPIC_DEVIATIONS));

  /** The infection job: its observations and the census's patient days (the indicators topic). */
  static final Stage INFECTIONS =
      Stage.of(
          LocalJob.INFECTIONS,
          List.of(PipelineOptions.TOPIC_INFECTIONS, PipelineOptions.TOPIC_INDICATORS));

  /** The alerting job, with everything it reads. */
  static final Stage ALERTING =
      Stage.of(
          LocalJob.ALERTING,
          List.of(
              PipelineOptions.TOPIC_DEVIATIONS,
              PipelineOptions.TOPIC_INDICATORS,
              PipelineOptions.TOPIC_CURRENT_INDICATORS,
              PipelineOptions.TOPIC_INFECTION_CLUSTERS,
              PipelineOptions.TOPIC_ALERT_ACTIONS));

  /**
   * The four jobs replayed in the order they depend on each other: census and deviations together,
   * then infections (the census's patient days), then alerting (every job's indicator values and
   * clusters).
   */
  static final List<Stage> ALL_FOUR_JOBS =
      List.of(
          new Stage(
              List.of(LocalJob.CENSUS, LocalJob.DEVIATIONS),
              List.of(PipelineOptions.TOPIC_CENSUS, PipelineOptions.TOPIC_DEVIATIONS)),
          INFECTIONS,
          ALERTING);

  static Stage of(LocalJob job, List<ConfigOption<String>> reads) {
    return new Stage(List.of(job), reads);
  }

  String name() {
    return String.join(" + ", jobs.stream().map(j -> j.name().toLowerCase(Locale.ROOT)).toList());
  }
}
