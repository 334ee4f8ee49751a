package se.sakervard.infections;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.ingest.IngestSettings;
import se.sakervard.core.time.LocalCalendar;

/** What the infection job's operators need of the configuration. */
public record InfectionSettings(
    IngestSettings ingest,
    Duration maxOnsetLag,
    Duration clusterWindow,
    Duration clusterWindowNorovirus,
    BaselineClusterRule clusterRule,
    LocalCalendar calendar)
    implements Serializable {

  public static InfectionSettings from(PipelineSettings settings) {
    return new InfectionSettings(
        IngestSettings.from(settings, PipelineOptions.INFECTIONS_ALLOWED_LATENESS),
        settings.get(PipelineOptions.INFECTIONS_MAX_ONSET_LAG),
        settings.get(PipelineOptions.INFECTIONS_CLUSTER_WINDOW),
        settings.get(PipelineOptions.INFECTIONS_CLUSTER_WINDOW_NOROVIRUS),
        clusterRule(settings),
        new LocalCalendar(ZoneId.of(settings.get(PipelineOptions.ZONE))));
  }

  /** The baseline-aware cluster rule, or null for the plain two-case rule. */
  static BaselineClusterRule clusterRule(PipelineSettings settings) {
    String rule = settings.get(PipelineOptions.INFECTIONS_CLUSTER_RULE);
    return switch (rule) {
      case "plain" -> null;
      case "baseline" ->
          new BaselineClusterRule(
              settings.get(PipelineOptions.INFECTIONS_CLUSTER_ALPHA),
              settings.get(PipelineOptions.INFECTIONS_CLUSTER_PRIOR_PER_YEAR),
              BaselineClusterRule.DEFAULT_BASELINE);
      default ->
          throw new IllegalArgumentException(
              PipelineOptions.INFECTIONS_CLUSTER_RULE.key()
                  + ": expected baseline or plain, was '"
                  + rule
                  + "'");
    };
  }

  /** How long after a day ends an observation can still change it (or a case reach it). */
  public Duration keepDay() {
    return ingest.allowedLateness().plus(maxOnsetLag);
  }
}
