package se.sakervard.core.ingest;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * What the ingest steps every job runs ({@link Ingest}) need of the configuration
 * (docs/reliability.md, time and order).
 *
 * @param allowedLateness how far behind event time an event still counts: the job's own option
 * @param endOfInput the instant a bounded run's input ends at, or null
 * @param unknownUnitWait how long an event of a unit not (yet) in the reference data is held
 */
public record IngestSettings(
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration idleTimeout,
    Instant endOfInput,
    Duration unknownUnitWait,
    Duration maxFutureSkew)
    implements Serializable {

  /** The settings of a job whose allowed lateness is {@code allowedLateness}. */
  public static IngestSettings from(
      PipelineSettings settings, ConfigOption<Duration> allowedLateness) {
    Duration lateness = settings.get(allowedLateness);
    return new IngestSettings(
        settings.get(PipelineOptions.MAX_OUT_OF_ORDERNESS),
        lateness,
        settings.get(PipelineOptions.IDLE_TIMEOUT),
        PipelineOptions.endOfInput(settings),
        PipelineOptions.unknownUnitWait(settings, lateness),
        settings.get(PipelineOptions.MAX_FUTURE_SKEW));
  }
}
