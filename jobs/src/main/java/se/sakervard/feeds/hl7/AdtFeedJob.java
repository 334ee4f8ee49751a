package se.sakervard.feeds.hl7;

import java.nio.file.Path;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.sink.AvroKafkaSink;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.census.CensusEvent;

/**
 * HL7 v2 ADT → the census contract (docs/hl7-feeds.md):
 *
 * <pre>
 * hl7-adt-raw → read (HAPI) + check → per visit, in partition order: AdtMapping → census-events
 *   (partition p)        └──────── dead letters (without the message) ◄──────┘     (partition p)
 * </pre>
 *
 * The census job then reads the events as it reads any other source's.
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
    String map = settings.get(PipelineOptions.HL7_LOCATION_MAP);
    if (map.isBlank()) {
      throw new IllegalArgumentException(
          "Give the location map: --" + PipelineOptions.HL7_LOCATION_MAP.key() + " <file>");
    }
    return new AdtFeedJob(
        settings, new AdtMapping(LocationMap.load(Path.of(map)), Pseudonyms.fromEnvironment()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    RawKafkaSource rawSource =
        RawKafkaSource.of(settings, NAME, settings.get(PipelineOptions.TOPIC_HL7_RAW));
    int rawPartitions = rawSource.partitions();
    DataStream<SourceRecord> raw = rawSource.read(env, "hl7-adt-raw").uid("hl7-adt-source");
    SingleOutputStreamOperator<AdtInput> decoded =
        raw.process(
                new DecodeAndValidate<>(
                    NAME,
                    NAME,
                    new AdtDecoder(ZoneId.of(settings.get(PipelineOptions.ZONE)), mapping)),
                TypeInformation.of(AdtInput.class))
            .name("Read ADT messages (HAPI)")
            .uid("hl7-adt-decode")
            .setParallelism(raw.getParallelism());
    int census =
        RawKafkaSource.of(settings, NAME, settings.get(PipelineOptions.TOPIC_CENSUS)).partitions();
    if (census < rawPartitions) {
      throw new IllegalStateException(
          "The census topic has "
              + census
              + " partitions, fewer than the "
              + rawPartitions
              + " of "
              + settings.get(PipelineOptions.TOPIC_HL7_RAW)
              + ": give it as many, so that each raw partition's order goes on in one census"
              + " partition");
    }
    SingleOutputStreamOperator<MappedEvent> events =
        decoded
            .filter(a -> a.stayRef() != null)
            .name("ADT messages of a visit")
            .setParallelism(raw.getParallelism())
            .process(
                new AdtVisits(NAME, mapping, settings.get(PipelineOptions.STAY_RETENTION)),
                // Chained to the sink, which encodes it: never serialized by Flink.
                new GenericTypeInfo<>(MappedEvent.class))
            .name("Per visit, in partition order: ADT → census events")
            .uid("hl7-adt-visits")
            .setParallelism(raw.getParallelism());
    events
        .sinkTo(
            AvroKafkaSink.toPartitions(
                settings,
                settings.get(PipelineOptions.TOPIC_CENSUS),
                CensusEvent.class,
                MappedEvent::event,
                AdtFeedJob::stayOf,
                MappedEvent::partition))
        .name("Kafka census-events (the raw message's partition)")
        .uid("hl7-adt-census-sink")
        .setParallelism(raw.getParallelism());
    decoded
        .getSideOutput(DeadLetters.TAG)
        .union(events.getSideOutput(DeadLetters.TAG))
        .sinkTo(DeadLetters.kafkaSink(settings))
        .name("Kafka dead letters")
        .uid("hl7-adt-dead-letters-sink");
  }

  private static String stayOf(CensusEvent e) {
    Object change = e.getChange();
    if (change instanceof se.sakervard.schemas.census.Admission a) {
      return a.getStayRef();
    }
    if (change instanceof se.sakervard.schemas.census.Transfer t) {
      return t.getStayRef();
    }
    if (change instanceof se.sakervard.schemas.census.Discharge d) {
      return d.getStayRef();
    }
    return ((se.sakervard.schemas.census.Retraction) change).getStayRef();
  }
}
