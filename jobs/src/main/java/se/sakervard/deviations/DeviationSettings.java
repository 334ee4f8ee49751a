package se.sakervard.deviations;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.time.LocalCalendar;

/** What the deviation job's operators need of the configuration. */
public record DeviationSettings(
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration idleTimeout,
    Instant endOfInput,
    Duration unknownUnitWait,
    Duration maxFutureSkew,
    Duration caseRetention,
    RiskRule riskRule,
    LocalCalendar calendar)
    implements Serializable {

  public static DeviationSettings from(PipelineSettings settings) {
    return new DeviationSettings(
        settings.get(PipelineOptions.MAX_OUT_OF_ORDERNESS),
        settings.get(PipelineOptions.DEVIATIONS_ALLOWED_LATENESS),
        settings.get(PipelineOptions.IDLE_TIMEOUT),
        PipelineOptions.endOfInput(settings),
        PipelineOptions.unknownUnitWait(
            settings, settings.get(PipelineOptions.DEVIATIONS_ALLOWED_LATENESS)),
        settings.get(PipelineOptions.MAX_FUTURE_SKEW),
        settings.get(PipelineOptions.DEVIATIONS_CASE_RETENTION),
        new RiskRule(
            settings.get(PipelineOptions.DEVIATIONS_ANALYSIS_RISK_SCORE),
            settings.get(PipelineOptions.DEVIATIONS_ANALYSIS_CONSEQUENCE),
            settings.get(PipelineOptions.DEVIATIONS_ANALYSIS_DEADLINE)),
        new LocalCalendar(ZoneId.of(settings.get(PipelineOptions.ZONE))));
  }
}
