package se.sakervard.local.benchmark;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
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
import se.sakervard.simulator.SeededEvents;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulationConfig;

/**
 * The alert-burden run ({@code --alert-burden-days}): the four jobs on a region with seeded events,
 * measured by its throughput run, then what the alerts asked of people ({@link AlertBurden}).
 */
final class AlertBurdenWorkload {
  private AlertBurdenWorkload() {}

  /**
   * What the alerts ask of people: {@code --alert-burden-days} of a region of {@code
   * --alerting-hospitals} hospitals (census, deviation cases and infection observations of the same
   * units, typical faults), with seeded events (4 staffing crises, 10 same-day serious care
   * injuries, and the infection simulator's outbreaks), replayed through all four jobs as the
   * national run is, pages to a webhook receiver and the digest to a mail server on loopback; then
   * {@link AlertBurden} reads the burden and each seeded event's alert from ClickHouse.
   */
  static void run(BenchmarkOptions options, PageReceiver receiver, WorkloadRunner runner)
      throws Exception {
    int hospitals = options.alertingHospitals();
    SimulatedPeriod period = SimulatedPeriod.endingNow(options.alertBurdenDays());
    SimulatedRegion region = SimulatedRegion.generate(hospitals, options.seed());
    SeededEvents seeded =
        SeededEvents.plan(region, period.start(), period.duration(), options.seed(), 4, 10);
    CensusSimulator census =
        new CensusSimulator(
            new SimulationConfig(
                hospitals, options.seed(), period.start(), period.duration(), FaultRates.typical()),
            seeded);
    DeviationSimulator deviations =
        new DeviationSimulator(
            new DeviationSimulationConfig(
                hospitals,
                options.seed(),
                period.start(),
                period.duration(),
                FaultRates.typical(),
                DeviationFaultRates.typical()),
            seeded);
    InfectionSimulator infections =
        InfectionWorkload.simulator(hospitals, options.seed(), period, true);
    GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    try {
      Workload w =
          new Workload(
              "alert-burden",
              Stage.ALL_FOUR_JOBS,
              String.format(
                  Locale.ROOT,
                  "%.0f days of %d hospitals (%,d available beds, typical faults) with %d staffing"
                      + " crises, %d same-day serious care injuries and the simulator's outbreaks",
                  options.alertBurdenDays(),
                  hospitals,
                  region.totalAvailableBeds(),
                  seeded.crises().size(),
                  seeded.injuries().size()),
              period,
              Input.region(census, deviations, infections),
              region,
              List.of("here_and_now_levels", "infection_clusters", "alert_audit"),
              null,
              Map.of(
                  PipelineOptions.ALERTING_WEBHOOK_URL,
                  receiver.url(),
                  PipelineOptions.ALERTING_SMTP,
                  "127.0.0.1:" + mail.getSmtp().getPort(),
                  PipelineOptions.ALERTING_DIGEST_TO,
                  "chefslakare@region.example"));
      runner.run(w, 1, 1);
      runner.report().section("ALERT BURDEN (targets in brackets)");
      try (var clickHouse = runner.pipeline().clickHouse()) {
        new AlertBurden(region, seeded, infections.outbreaks(), period.start(), period.end())
            .report(clickHouse)
            .forEach(line -> runner.report().add("  " + line));
      }
    } finally {
      mail.stop();
    }
  }
}
