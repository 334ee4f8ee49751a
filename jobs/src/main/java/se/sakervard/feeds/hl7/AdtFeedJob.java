package se.sakervard.feeds.hl7;

import java.time.ZoneId;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
public final class AdtFeedJob implements PipelineJob {
  public static final String NAME = "hl7-adt";

  private final PipelineSettings settings;
  private final AdtMapping mapping;

  public AdtFeedJob(PipelineSettings settings, AdtMapping mapping) {
    this.settings = settings;
    this.mapping = mapping;
  }

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, AdtFeedJob::production);
  }

  public static AdtFeedJob production(PipelineSettings settings) {
    return new AdtFeedJob(
        settings,
        new AdtMapping(
            LocationMap.required(settings, PipelineOptions.HL7_LOCATION_MAP),
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
        "hl7-adt",
        settings.get(PipelineOptions.TOPIC_HL7_RAW),
        new AdtDecoder(ZoneId.of(settings.get(PipelineOptions.ZONE)), mapping),
        mapping,
        AdtStay.class);
  }
}
