package se.sakervard.local.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.DeviationFaultRates;
import se.sakervard.simulator.DeviationSimulationConfig;
import se.sakervard.simulator.DeviationSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.InfectionSimulator;

/**
 * The four jobs together on a national simulation ({@code --national-days}), measured by its
 * throughput run; {@link Benchmark} follows it with the census's and alerting's latency runs at a
 * region's pace.
 */
final class NationalWorkload {
  /** Hospitals of the national simulation: about 20,700 available beds, as Sweden's. */
  private static final int NATIONAL_HOSPITALS = 60;

  /** Deviation reports a year in Sweden's hospitals, the national simulation's rate. */
  private static final int NATIONAL_DEVIATION_REPORTS = 300_000;

  private NationalWorkload() {}

  /**
   * The four jobs on a national simulation of {@code --national-days}, ending now, with typical
   * faults: the census, deviation cases and infection observations of the same units (one seed),
   * replayed as a bounded run in the order the jobs depend on each other: census and deviations
   * together, then infections (the census's patient days), then alerting (every job's indicator
   * values and clusters). Pages go to the webhook receiver.
   */
  static Workload of(BenchmarkOptions options, PageReceiver receiver) {
    return of(options, receiver, true);
  }

  /**
   * The same, with the sources' typical faults (late, duplicate, malformed and unknown-unit
   * records) or without any: the soak run compares two runs row for row, and whether a record near
   * the allowed lateness is admitted depends on how far the other partition has been read.
   */
  static Workload of(BenchmarkOptions options, PageReceiver receiver, boolean typicalFaults) {
    SimulatedPeriod period = SimulatedPeriod.endingNow(options.nationalDays());
    FaultRates faults = typicalFaults ? FaultRates.typical() : FaultRates.none();
    CensusSimulator census =
        CensusWorkload.simulator(NATIONAL_HOSPITALS, options.seed(), period, faults);
    int beds = census.region().totalAvailableBeds();
    DeviationSimulator deviations =
        new DeviationSimulator(
            new DeviationSimulationConfig(
                NATIONAL_HOSPITALS,
                options.seed(),
                period.start(),
                period.duration(),
                (double) NATIONAL_DEVIATION_REPORTS / beds,
                faults,
                typicalFaults ? DeviationFaultRates.typical() : DeviationFaultRates.none()));
    InfectionSimulator infections =
        InfectionWorkload.simulator(NATIONAL_HOSPITALS, options.seed(), period, typicalFaults);
    return new Workload(
        "national",
        Stage.ALL_FOUR_JOBS,
        String.format(
            Locale.ROOT,
            "%.0f days of a national simulation (%d hospitals, %,d available beds, %,d deviation"
                + " reports a year, %s%s%s): census, deviation cases and infection"
                + " observations of the same units",
            options.nationalDays(),
            NATIONAL_HOSPITALS,
            beds,
            NATIONAL_DEVIATION_REPORTS,
            typicalFaults ? "typical faults" : "no faults",
            BenchmarkReport.shareOf(options.censusCancelled(), "stay events cancelled"),
            BenchmarkReport.shareOf(options.infectionsCorrected(), "infection cases corrected")),
        period,
        // --census-cancelled and --infections-corrected apply to the national year too.
        Input.region(
            CensusWorkload.feed(options, census),
            deviations,
            InfectionWorkload.feed(options, infections)),
        census.region(),
        List.of(
            "census_current",
            "census_figures",
            "deviation_cases",
            "deviation_monthly",
            "deviation_backlog",
            "infection_incidence",
            "hygiene_compliance",
            "infection_clusters",
            "alert_audit"),
        null,
        Map.of(PipelineOptions.ALERTING_WEBHOOK_URL, receiver.url()));
  }
}
