package se.sakervard.feeds.fhir;

import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.feeds.CensusFeed;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;

/**
 * FHIR R4 Encounter → the census contract (docs/hospital-feeds.md): fhir-encounter-raw, read with
 * HAPI FHIR and checked ({@link EncounterDecoder}), each Encounter's versions mapped in partition
 * order ({@link EncounterMapping}) onto census-events ({@link CensusFeed}).
 */
public final class EncounterFeedJob {
  public static final String NAME = "fhir-encounter";

  private EncounterFeedJob() {}

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, EncounterFeedJob::production);
  }

  public static PipelineJob production(PipelineSettings settings) {
    return of(
        settings,
        new EncounterMapping(
            LocationMap.required(settings, PipelineOptions.FHIR_LOCATION_MAP),
            Pseudonyms.fromEnvironment()));
  }

  /** The job with this mapping (its location map and pseudonym key). */
  public static CensusFeed<?, ?> of(PipelineSettings settings, EncounterMapping mapping) {
    return new CensusFeed<>(
        settings,
        NAME,
        settings.get(PipelineOptions.TOPIC_FHIR_RAW),
        new EncounterDecoder(mapping),
        mapping,
        EncounterStay.class);
  }
}
