package se.sakervard.local.benchmark;

import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.census.CensusDecoder;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.deviations.DeviationDecoder;
import se.sakervard.infections.InfectionDecoder;
import se.sakervard.simulator.DeviationSimulator;
import se.sakervard.simulator.SimulatedRecord;

/**
 * One topic a job reads.
 *
 * @param topicOption the job's option naming the topic
 * @param decoder the decoding and validation of the job's first step
 */
record Input(
    ConfigOption<String> topicOption,
    Iterator<SimulatedRecord> records,
    Supplier<RecordDecoder<?>> decoder) {

  static final Supplier<RecordDecoder<?>> CENSUS_DECODER =
      () -> new CensusDecoder(PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC());

  static final Supplier<RecordDecoder<?>> DEVIATION_DECODER =
      () -> new DeviationDecoder(PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC());

  static final Supplier<RecordDecoder<?>> INFECTION_DECODER =
      () ->
          new InfectionDecoder(
              PipelineOptions.MAX_FUTURE_SKEW.defaultValue(),
              PipelineOptions.INFECTIONS_MAX_ONSET_LAG.defaultValue(),
              Clock.systemUTC());

  /** A region's census, deviation cases and infection observations, as the jobs read them. */
  static List<Input> region(
      Iterator<SimulatedRecord> census,
      DeviationSimulator deviations,
      Iterator<SimulatedRecord> infections) {
    return List.of(
        new Input(PipelineOptions.TOPIC_CENSUS, census, CENSUS_DECODER),
        new Input(PipelineOptions.TOPIC_DEVIATIONS, deviations, DEVIATION_DECODER),
        new Input(PipelineOptions.TOPIC_INFECTIONS, infections, INFECTION_DECODER));
  }
}
