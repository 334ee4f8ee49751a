package se.sakervard.census;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/** What the census job's operators need of the configuration. */
public record CensusSettings(
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration idleTimeout,
    Instant endOfInput,
    Duration unknownUnitWait,
    Duration maxFutureSkew,
    CensusCalendar calendar,
    boolean excludeTechnicalUnits,
    Duration stayRetention)
    implements Serializable {

  public static CensusSettings from(PipelineSettings settings) {
    return new CensusSettings(
        settings.get(PipelineOptions.MAX_OUT_OF_ORDERNESS),
        settings.get(PipelineOptions.ALLOWED_LATENESS),
        settings.get(PipelineOptions.IDLE_TIMEOUT),
        PipelineOptions.endOfInput(settings),
        PipelineOptions.unknownUnitWait(settings, settings.get(PipelineOptions.ALLOWED_LATENESS)),
        settings.get(PipelineOptions.MAX_FUTURE_SKEW),
        new CensusCalendar(
            ZoneId.of(settings.get(PipelineOptions.ZONE)),
            LocalTime.parse(settings.get(PipelineOptions.SNAPSHOT_TIME))),
        settings.get(PipelineOptions.EXCLUDE_TECHNICAL_UNITS),
        settings.get(PipelineOptions.STAY_RETENTION));
  }
}
