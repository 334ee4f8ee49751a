package se.sakervard.feeds;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.sink.AvroKafkaSink;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.state.ChainedOnlySerializer;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;

/**
 * The graph every hospital feed job has (docs/hospital-feeds.md):
 *
 * <pre>
 * raw topic → read + check → per visit, in partition order: VisitMapping → census-events
 * (partition p)    └──────── dead letters (without the message) ◄──────┘   (partition p)
 * </pre>
 *
 * Everything runs at the raw topic's partition count, chained, so each partition's order goes on
 * unchanged in the census partition of the same number; the census job then reads the events as it
 * reads any other source's.
 */
public final class CensusFeed<M, V> implements PipelineJob {
  private final PipelineSettings settings;
  private final String job;
  private final String rawTopic;
  private final RecordDecoder<FeedInput<M>> decoder;
  private final VisitMapping<M, V> mapping;
  private final Class<V> visitType;

  /**
   * The feed {@code job} reading {@code rawTopic}. Its operators' uids start with the job's name:
   * keep it, or savepoints no longer match.
   */
  public CensusFeed(
      PipelineSettings settings,
      String job,
      String rawTopic,
      RecordDecoder<FeedInput<M>> decoder,
      VisitMapping<M, V> mapping,
      Class<V> visitType) {
    this.settings = settings;
    this.job = job;
    this.rawTopic = rawTopic;
    this.decoder = decoder;
    this.mapping = mapping;
    this.visitType = visitType;
  }

  @Override
  public String name() {
    return job;
  }

  /** What the feed produces: census events with the raw partition they go to, dead letters. */
  public record FeedStreams(
      DataStream<MappedEvent> events, DataStream<DeadLetterRecord> deadLetters) {}

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    RawKafkaSource rawSource = RawKafkaSource.of(settings, job, rawTopic);
    requireEnoughCensusPartitions(settings, job, rawTopic, rawSource.partitions());
    DataStream<SourceRecord> raw = rawSource.read(env, rawTopic).uid(job + "-source");
    FeedStreams streams = build(raw);
    streams
        .events()
        .sinkTo(
            AvroKafkaSink.toPartitions(
                settings,
                settings.get(PipelineOptions.TOPIC_CENSUS),
                CensusEvent.class,
                MappedEvent::event,
                CensusFeed::stayOf,
                MappedEvent::partition))
        .name("Kafka census-events (the raw message's partition)")
        .uid(job + "-census-sink")
        .setParallelism(raw.getParallelism());
    streams
        .deadLetters()
        .sinkTo(DeadLetters.kafkaSink(settings))
        .name("Kafka dead letters")
        .uid(job + "-dead-letters-sink");
  }

  /** The feed's graph on its raw messages, without the Kafka source and sinks. */
  public FeedStreams build(DataStream<SourceRecord> raw) {
    String uidPrefix = job;
    int parallelism = raw.getParallelism();
    // Chained from source to sink: the messages are never serialized by Flink.
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeInformation<FeedInput<M>> inputType =
        (TypeInformation) ChainedOnlySerializer.typeOf(FeedInput.class);
    SingleOutputStreamOperator<FeedInput<M>> decoded =
        raw.process(new DecodeAndValidate<>(job, job, decoder), inputType)
            .name("Read " + job + " messages")
            .uid(uidPrefix + "-decode")
            .setParallelism(parallelism);
    SingleOutputStreamOperator<MappedEvent> events =
        decoded
            .filter(m -> m.stayRef() != null)
            .name("Messages of a visit")
            .setParallelism(parallelism)
            .process(
                new VisitsInPartitionOrder<>(
                    job, mapping, visitType, settings.get(PipelineOptions.STAY_RETENTION)),
                ChainedOnlySerializer.typeOf(MappedEvent.class))
            .name("Per visit, in partition order: messages → census events")
            .uid(uidPrefix + "-visits")
            .setParallelism(parallelism);
    return new FeedStreams(
        events,
        decoded.getSideOutput(DeadLetters.TAG).union(events.getSideOutput(DeadLetters.TAG)));
  }

  private static void requireEnoughCensusPartitions(
      PipelineSettings settings, String job, String rawTopic, int rawPartitions) {
    String censusTopic = settings.get(PipelineOptions.TOPIC_CENSUS);
    int census = RawKafkaSource.of(settings, job, censusTopic).partitions();
    if (census < rawPartitions) {
      throw new IllegalStateException(
          "The census topic "
              + censusTopic
              + " has "
              + census
              + " partitions, fewer than the "
              + rawPartitions
              + " of "
              + rawTopic
              + ": give it as many, so that each raw partition's order goes on in one census"
              + " partition");
    }
  }

  /** The stay of a census event: its Kafka key. */
  public static String stayOf(CensusEvent e) {
    Object change = e.getChange();
    if (change instanceof Admission a) {
      return a.getStayRef();
    }
    if (change instanceof Transfer t) {
      return t.getStayRef();
    }
    if (change instanceof Discharge d) {
      return d.getStayRef();
    }
    return ((Retraction) change).getStayRef();
  }
}
