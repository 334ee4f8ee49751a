package se.sakervard.census;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.ingest.IngestSettings;

/** What the census job's operators need of the configuration. */
public record CensusSettings(
    IngestSettings ingest,
    CensusCalendar calendar,
    boolean excludeTechnicalUnits,
    boolean writeUnchangedHours,
    Duration stayRetention)
    implements Serializable {

  public static CensusSettings from(PipelineSettings settings) {
    return new CensusSettings(
        IngestSettings.from(settings, PipelineOptions.ALLOWED_LATENESS),
        new CensusCalendar(
            ZoneId.of(settings.get(PipelineOptions.ZONE)),
            LocalTime.parse(settings.get(PipelineOptions.SNAPSHOT_TIME))),
        settings.get(PipelineOptions.EXCLUDE_TECHNICAL_UNITS),
        settings.get(PipelineOptions.WRITE_UNCHANGED_HOURS),
        settings.get(PipelineOptions.STAY_RETENTION));
  }
}
