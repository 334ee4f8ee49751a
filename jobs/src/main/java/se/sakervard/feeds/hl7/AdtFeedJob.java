package se.sakervard.feeds.hl7;

import java.time.ZoneId;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.feeds.CensusFeed;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;

/**
 * HL7 v2 ADT → the census contract (docs/hospital-feeds.md): hl7-adt-raw, read with HAPI and
 * checked ({@link AdtDecoder}), each visit's messages mapped in partition order ({@link
 * AdtMapping}) onto census-events ({@link CensusFeed}).
 */
public final class AdtFeedJob {
  public static final String NAME = "hl7-adt";

  private AdtFeedJob() {}

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, AdtFeedJob::production);
  }

  public static PipelineJob production(PipelineSettings settings) {
    return of(
        settings,
        new AdtMapping(
            LocationMap.required(settings, PipelineOptions.HL7_LOCATION_MAP),
            Pseudonyms.fromEnvironment()));
  }

  /** The job with this mapping (its location map and pseudonym key). */
  public static CensusFeed<?, ?> of(PipelineSettings settings, AdtMapping mapping) {
    return new CensusFeed<>(
        settings,
        NAME,
        settings.get(PipelineOptions.TOPIC_HL7_RAW),
        new AdtDecoder(ZoneId.of(settings.get(PipelineOptions.ZONE)), mapping),
        mapping,
        AdtStay.class);
  }
}
