package se.sakervard.local.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.sakervard.local.LocalCommand;

/**
 * Measures the jobs on the embedded local stack and prints their figures ({@code infra/benchmark}).
 * For the census job (a region's census over some days, {@link CensusWorkload}), the deviation job
 * (a regional year of deviation cases, {@link DeviationWorkload}), the infection job (a region's
 * year of infection observations with its units' patient days, {@link InfectionWorkload}) and the
 * alerting job (a region's deviation cases, pages to a webhook, {@link AlertingWorkload}), each in
 * turn or the one {@code --only} names: its input produced, the ceiling, the throughput and the
 * latency ({@link WorkloadRunner}). Instead, {@code --national-days} runs the four jobs on a
 * national simulation ({@link NationalWorkload}) and then the census's and alerting's latency runs;
 * {@code --alert-burden-days} measures what the alerts ask of people ({@link AlertBurdenWorkload});
 * {@code --hl7-edge} the MLLP edge alone ({@link Hl7EdgeBenchmark}).
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--hl7-edge")) {
      Hl7EdgeBenchmark.main(args);
      return;
    }
    BenchmarkOptions options =
        LocalCommand.parseOrExit(args, BenchmarkOptions::parse, BenchmarkOptions.USAGE);
    HeapSampler heap = HeapSampler.start();
    GcPauses gc = GcPauses.start();
    PageReceiver receiver = PageReceiver.start();
    LocalCommand.runOnFreshStack(
        "benchmark",
        pipeline -> {
          BenchmarkReport report = BenchmarkReport.ofThisMachine();
          pipeline.withStateBackend(options.stateBackend());
          report.add(
              "State backend: "
                  + (options.stateBackend().equals("rocksdb")
                      ? "RocksDB, incremental checkpoints"
                      : "the heap (hashmap)"));
          WorkloadRunner runner = new WorkloadRunner(pipeline, heap, gc, report);
          if (options.alertBurdenDays() > 0) {
            AlertBurdenWorkload.run(options, receiver, runner);
          } else if (options.nationalDays() > 0) {
            runner.run(NationalWorkload.of(options, receiver), 1, 3);
            // Latency at a region's pace, as in the per-job runs: census rows and pages.
            List<Workload> timed =
                List.of(CensusWorkload.of(options), AlertingWorkload.of(options, receiver));
            for (int i = 0; i < timed.size(); i++) {
              Workload w = timed.get(i);
              report.section(w.name().toUpperCase(Locale.ROOT) + ", a region at its latency pace");
              runner.latency(String.format(Locale.ROOT, "[%d/3 %s]", i + 2, w.name()), w);
            }
          } else {
            List<Workload> workloads = new ArrayList<>();
            if (options.measures("census")) {
              workloads.add(CensusWorkload.of(options));
            }
            if (options.measures("deviations")) {
              workloads.add(DeviationWorkload.of(options));
            }
            if (options.measures("infections")) {
              workloads.add(InfectionWorkload.of(options));
            }
            if (options.measures("alerting")) {
              workloads.add(AlertingWorkload.of(options, receiver));
            }
            for (int i = 0; i < workloads.size(); i++) {
              runner.run(workloads.get(i), i + 1, workloads.size());
            }
          }
          report.print();
          receiver.close();
        });
  }
}
