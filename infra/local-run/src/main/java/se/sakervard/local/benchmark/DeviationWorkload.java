package se.sakervard.local.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.simulator.DeviationFaultRates;
import se.sakervard.simulator.DeviationSimulationConfig;
import se.sakervard.simulator.DeviationSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.SimulatedRegion;

/**
 * The deviation job's benchmark: a regional year of deviation cases. Its latency run times every
 * row of its "now" table at unit level, {@code deviation_backlog}, from the event that changed it
 * entering Kafka to the row being stored in ClickHouse.
 */
final class DeviationWorkload {
  private DeviationWorkload() {}

  /**
   * A regional year (by default) of deviation cases, ending now, with typical faults; the region's
   * units report {@code --deviation-reports} a year between them.
   */
  static Workload of(BenchmarkOptions options) {
    SimulatedPeriod period = SimulatedPeriod.endingNow(options.deviationDays());
    DeviationSimulator simulator =
        simulator(options, options.deviationHospitals(), options.seed(), period, true);
    SimulatedPeriod latency = options.latencyPeriod(options.deviationLatencySpeed());
    DeviationSimulator latencySimulator =
        simulator(options, options.deviationHospitals(), options.seed() + 1, latency, false);
    SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);
    return new Workload(
        "deviations",
        List.of(Stage.DEVIATIONS),
        Workload.describeRegion(
                options.deviationDays(),
                "deviation cases",
                simulator.region(),
                options.deviationHospitals())
            + String.format(
                Locale.ROOT, ", %,d reports a year, typical faults)", options.deviationReports()),
        period,
        List.of(new Input(PipelineOptions.TOPIC_DEVIATIONS, simulator, Input.DEVIATION_DECODER)),
        simulator.region(),
        List.of(
            "deviation_cases",
            "deviation_monthly",
            "deviation_backlog",
            "deviation_daily",
            // Without the zeros a reclassification leaves behind: which appear depends on the
            // order a case's versions and its neighbours' came in.
            "v_deviation_daily",
            "deviation_reported_rolling"),
        new LatencyRun(
            new NowRows(
                "deviation_backlog",
                PipelineOptions.TOPIC_DEVIATIONS,
                value -> NowRows.eventTime(() -> codec.decode(value).getEnvelope().getEventTime()),
                latency.start()),
            latency,
            List.of(
                new Input(
                    PipelineOptions.TOPIC_DEVIATIONS, latencySimulator, Input.DEVIATION_DECODER)),
            latencySimulator.region(),
            options.deviationLatencySpeed()),
        Map.of());
  }

  /**
   * Deviation cases of a region of {@code hospitals}, reporting at the rate of {@code
   * --deviation-reports} a year over the beds of {@code --deviation-hospitals}.
   */
  static DeviationSimulator simulator(
      BenchmarkOptions options,
      int hospitals,
      long seed,
      SimulatedPeriod period,
      boolean typicalFaults) {
    double reportsPerBedYear =
        (double) options.deviationReports()
            / SimulatedRegion.generate(options.deviationHospitals(), options.seed())
                .totalAvailableBeds();
    return new DeviationSimulator(
        new DeviationSimulationConfig(
            hospitals,
            seed,
            period.start(),
            period.duration(),
            reportsPerBedYear,
            typicalFaults ? FaultRates.typical() : FaultRates.none(),
            typicalFaults ? DeviationFaultRates.typical() : DeviationFaultRates.none()));
  }
}
