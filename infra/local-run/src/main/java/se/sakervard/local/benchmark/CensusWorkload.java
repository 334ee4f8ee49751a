package se.sakervard.local.benchmark;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.simulator.CancelledStayEvents;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.SimulatedRecord;
import se.sakervard.simulator.SimulationConfig;

/**
 * The census job's benchmark: a region's census over some days. Its latency run times every row of
 * its "now" table, {@code census_current}, from the event that changed it entering Kafka to the row
 * being stored in ClickHouse.
 */
final class CensusWorkload {
  private CensusWorkload() {}

  /** A region's census over the days, ending now, with typical faults. */
  static Workload of(BenchmarkOptions options) {
    SimulatedPeriod period = SimulatedPeriod.endingNow(options.days());
    CensusSimulator simulator =
        simulator(options.hospitals(), options.seed(), period, FaultRates.typical());
    SimulatedPeriod latency = options.latencyPeriod(options.latencySpeed());
    CensusSimulator latencySimulator =
        simulator(options.hospitals(), options.seed() + 1, latency, FaultRates.none());
    SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
    return new Workload(
        "census",
        List.of(Stage.CENSUS),
        Workload.describeRegion(options.days(), "census", simulator.region(), options.hospitals())
            + ", typical faults"
            + BenchmarkReport.shareOf(
                options.censusCancelled(), "stay events registered again in error and cancelled")
            + ")",
        period,
        List.of(
            new Input(
                PipelineOptions.TOPIC_CENSUS, feed(options, simulator), Input.CENSUS_DECODER)),
        simulator.region(),
        List.of("census_current", "census_figures"),
        new LatencyRun(
            new NowRows(
                "census_current",
                PipelineOptions.TOPIC_CENSUS,
                value -> NowRows.eventTime(() -> codec.decode(value).getEnvelope().getEventTime()),
                // The initial census arrives as one burst at the start; latency is measured
                // after it.
                latency.start().plus(Duration.ofMinutes(1))),
            latency,
            List.of(
                new Input(PipelineOptions.TOPIC_CENSUS, latencySimulator, Input.CENSUS_DECODER)),
            latencySimulator.region(),
            options.latencySpeed()),
        Map.of());
  }

  /** The census of a region of {@code hospitals} over the period. */
  static CensusSimulator simulator(
      int hospitals, long seed, SimulatedPeriod period, FaultRates faults) {
    return new CensusSimulator(
        new SimulationConfig(hospitals, seed, period.start(), period.duration(), faults));
  }

  /**
   * The census's records as sent: with {@code --census-cancelled}, that share of stay events
   * registered again in error and cancelled.
   */
  static Iterator<SimulatedRecord> feed(BenchmarkOptions options, CensusSimulator simulator) {
    return options.censusCancelled() > 0
        ? new CancelledStayEvents(simulator, options.censusCancelled(), options.seed())
        : simulator;
  }
}
