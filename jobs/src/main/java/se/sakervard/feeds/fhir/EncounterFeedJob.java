package se.sakervard.feeds.fhir;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
public final class EncounterFeedJob implements PipelineJob {
  public static final String NAME = "fhir-encounter";

  private final PipelineSettings settings;
  private final EncounterMapping mapping;

  public EncounterFeedJob(PipelineSettings settings, EncounterMapping mapping) {
    this.settings = settings;
    this.mapping = mapping;
  }

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, EncounterFeedJob::production);
  }

  public static EncounterFeedJob production(PipelineSettings settings) {
    return new EncounterFeedJob(
        settings,
        new EncounterMapping(
            LocationMap.required(settings, PipelineOptions.FHIR_LOCATION_MAP),
            Pseudonyms.fromEnvironment()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    CensusFeed.attach(
        env,
        settings,
        NAME,
        "fhir-encounter",
        settings.get(PipelineOptions.TOPIC_FHIR_RAW),
        new EncounterDecoder(mapping),
        mapping,
        EncounterStay.class);
  }
}
