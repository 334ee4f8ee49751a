package se.sakervard.deviations;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.ingest.IngestSettings;
import se.sakervard.core.time.LocalCalendar;

/** What the deviation job's operators need of the configuration. */
public record DeviationSettings(
    IngestSettings ingest, Duration caseRetention, RiskRule riskRule, LocalCalendar calendar)
    implements Serializable {

  public static DeviationSettings from(PipelineSettings settings) {
    return new DeviationSettings(
        IngestSettings.from(settings, PipelineOptions.DEVIATIONS_ALLOWED_LATENESS),
        settings.get(PipelineOptions.DEVIATIONS_CASE_RETENTION),
        new RiskRule(
            settings.get(PipelineOptions.DEVIATIONS_ANALYSIS_RISK_SCORE),
            settings.get(PipelineOptions.DEVIATIONS_ANALYSIS_CONSEQUENCE),
            settings.get(PipelineOptions.DEVIATIONS_ANALYSIS_DEADLINE)),
        new LocalCalendar(ZoneId.of(settings.get(PipelineOptions.ZONE))));
  }
}
