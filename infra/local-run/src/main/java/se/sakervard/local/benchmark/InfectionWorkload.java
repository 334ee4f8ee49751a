package se.sakervard.local.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.infections.PatientDaysDecoder;
import se.sakervard.local.LocalPipeline;
import se.sakervard.simulator.CorrectedInfectionCases;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.InfectionFaultRates;
import se.sakervard.simulator.InfectionSimulationConfig;
import se.sakervard.simulator.InfectionSimulator;
import se.sakervard.simulator.PatientDayValues;
import se.sakervard.simulator.SimulatedRecord;

/**
 * The infection job's benchmark: a region's year of infection observations with its units' patient
 * days. Its latency run times every row of its "now" table while open, {@code infection_clusters},
 * from the case that opened or grew the cluster entering Kafka to the row being stored in
 * ClickHouse.
 */
final class InfectionWorkload {
  private InfectionWorkload() {}

  /**
   * A region's year (by default) of infection observations, ending now, with typical faults, and
   * the census's patient days of its units ({@link PatientDayValues}) on the topic the job reads
   * them from, so that the infection job runs alone.
   */
  static Workload of(BenchmarkOptions options) {
    SimulatedPeriod period = SimulatedPeriod.endingNow(options.infectionDays());
    InfectionSimulator simulator =
        simulator(options.infectionHospitals(), options.seed(), period, true);
    SimulatedPeriod latency = options.latencyPeriod(options.infectionLatencySpeed());
    InfectionSimulator latencySimulator =
        simulator(options.infectionHospitals(), options.seed() + 1, latency, false);
    Supplier<RecordDecoder<?>> patientDays =
        () ->
            new PatientDaysDecoder(
                new LocalCalendar(ZoneId.of(PipelineOptions.ZONE.defaultValue())));
    return new Workload(
        "infections",
        List.of(Stage.INFECTIONS),
        Workload.describeRegion(
                options.infectionDays(),
                "infection observations",
                simulator.region(),
                options.infectionHospitals())
            + ", typical faults"
            + BenchmarkReport.shareOf(
                options.infectionsCorrected(),
                "cases reported first without their organism and corrected")
            + ") with its units' patient days",
        period,
        List.of(
            new Input(
                PipelineOptions.TOPIC_INFECTIONS,
                feed(options, simulator),
                Input.INFECTION_DECODER),
            new Input(
                PipelineOptions.TOPIC_INDICATORS,
                new PatientDayValues(simulator.region(), period.start(), period.end()),
                patientDays)),
        simulator.region(),
        List.of(
            "infection_incidence",
            "hygiene_compliance",
            "multi_resistant_findings",
            "infection_prevalence",
            "infection_clusters",
            // Without the clusters merged into another or dissolved: those rows stay in the
            // table, and which transient clusters a run saw depends on the order cases came in.
            "v_infection_clusters",
            "infection_cluster_events"),
        new LatencyRun(
            new ClusterRows(
                PipelineOptions.TOPIC_INFECTIONS, latency.start().plus(Duration.ofDays(1))),
            latency,
            List.of(
                new Input(
                    PipelineOptions.TOPIC_INFECTIONS, latencySimulator, Input.INFECTION_DECODER),
                new Input(
                    PipelineOptions.TOPIC_INDICATORS,
                    new PatientDayValues(latencySimulator.region(), latency.start(), latency.end()),
                    patientDays)),
            latencySimulator.region(),
            options.infectionLatencySpeed()),
        Map.of());
  }

  /** The infection observations of a region's units, with typical faults or none. */
  static InfectionSimulator simulator(
      int hospitals, long seed, SimulatedPeriod period, boolean typicalFaults) {
    return new InfectionSimulator(
        new InfectionSimulationConfig(
            hospitals,
            seed,
            period.start(),
            period.duration(),
            typicalFaults ? FaultRates.typical() : FaultRates.none(),
            typicalFaults ? InfectionFaultRates.typical() : InfectionFaultRates.none()));
  }

  /**
   * The infection observations as sent: with {@code --infections-corrected}, that share of cases
   * reported first without their organism, then corrected.
   */
  static Iterator<SimulatedRecord> feed(BenchmarkOptions options, InfectionSimulator simulator) {
    return options.infectionsCorrected() > 0
        ? new CorrectedInfectionCases(simulator, options.infectionsCorrected(), options.seed())
        : simulator;
  }

  /**
   * The rows of open infection clusters, each written when a case opened or grew its cluster: timed
   * from the last of its cases to enter Kafka (the record's key is the case reference) to the row
   * being stored. Clusters opened before {@code measuredFrom} are not timed: the units are known
   * from the census's first patient days only at the end of the first day.
   */
  private record ClusterRows(ConfigOption<String> topicOption, Instant measuredFrom)
      implements LatencyProbe {

    @Override
    public String table() {
      return "infection_clusters";
    }

    @Override
    public String describe() {
      return "case into Kafka → its cluster's row stored in ClickHouse infection_clusters";
    }

    @Override
    public List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics)
        throws Exception {
      Map<String, Long> sentAtByCase =
          Topics.firstSent(
              pipeline,
              topics.get(topicOption),
              r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
      return Latency.timed(
          pipeline,
          "SELECT toUnixTimestamp64Milli(inserted_at), case_refs FROM sakervard.infection_clusters"
              + " WHERE status = 'OPEN' AND opened_at >= "
              + Latency.sqlInstant(measuredFrom),
          (rows, out) -> {
            long lastSent = Long.MIN_VALUE;
            for (Object ref : (Object[]) rows.getArray(2).getArray()) {
              lastSent = Math.max(lastSent, sentAtByCase.getOrDefault(ref.toString(), lastSent));
            }
            if (lastSent != Long.MIN_VALUE) {
              out.add(rows.getLong(1) - lastSent);
            }
          });
    }
  }
}
