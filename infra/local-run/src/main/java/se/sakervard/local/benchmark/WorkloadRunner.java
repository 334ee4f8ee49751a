package se.sakervard.local.benchmark;

import static se.sakervard.local.benchmark.BenchmarkReport.say;
import static se.sakervard.local.benchmark.BenchmarkReport.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.common.TopicPartition;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.local.LocalPipeline;
import se.sakervard.local.LocalPipeline.LocalJob;
import se.sakervard.local.ProgressLine;
import se.sakervard.simulator.RecordKind;
import se.sakervard.simulator.SimulatedRecord;

/**
 * Measures a workload on the running stack, adding its figures to the report:
 *
 * <ol>
 *   <li>the simulated records are produced to a topic as fast as the broker takes them;
 *   <li>ceiling: the same topic read by plain Kafka consumers (one per partition, as many as the
 *       job's parallelism) that decode and validate each record as the job's first step does;
 *   <li>throughput: the job reads the whole topic as a bounded job, Kafka → Flink → ClickHouse and
 *       the indicators topic; events/s over the job's wall time, and the state's size (the largest
 *       full checkpoint taken while it ran);
 *   <li>latency: the job on fresh topics fed at a steady pace; for every row of its "now" table
 *       ({@code census_current}, {@code deviation_backlog} at unit level, {@code
 *       infection_clusters} while open: the workload's {@link LatencyProbe}), the time from the
 *       event that changed it entering Kafka (the record's timestamp, set by the producer when it
 *       sent it) to the row being stored in ClickHouse ({@code inserted_at}, set by the server).
 * </ol>
 *
 * Heap is sampled every 50 ms throughout; the mini cluster runs in this JVM, so the peak is the
 * job's and the benchmark's together, as are the garbage collections it counts.
 */
record WorkloadRunner(
    LocalPipeline pipeline, HeapSampler heap, GcPauses gc, BenchmarkReport report) {

  /** Measures the workload, the {@code number}th of {@code of}. */
  void run(Workload w, int number, int of) throws Exception {
    String step = "[" + number + "/" + of + " " + w.name() + "]";
    int phases = w.latency() == null ? 3 : 4;
    report.section(w.name().toUpperCase(Locale.ROOT));

    // 1. The data.
    Map<ConfigOption<String>, String> topics = w.topics(w.inputs(), "throughput");
    pipeline.createTopics(topics.values().toArray(String[]::new));
    w.publishUnits(w.region(), "throughput", pipeline, topics);
    say(
        String.format(
            Locale.ROOT,
            "%n%s 1/%d Producing %s to %s ...",
            step,
            phases,
            w.describe(),
            topics.values()));
    long records = produce(w, topics);

    // 2. The ceiling: consume and decode the same records, nothing else.
    say(
        String.format(
            Locale.ROOT,
            "%n%s 2/%d Ceiling: Kafka consume + Avro decode and validation",
            step,
            phases));
    InputCeiling ceiling = ceiling(w, topics);

    // 3. Throughput: the jobs over the same topics, bounded, one stage after the other.
    say(
        String.format(
            Locale.ROOT,
            "%n%s 3/%d Throughput: %s read %s to its end ...",
            step,
            phases,
            String.join(", then ", w.stages().stream().map(Stage::name).toList()),
            topics.values()));
    throughput(w, topics, records, ceiling);

    // 4. Latency: a steady feed, each unit's "now" row timed from Kafka to ClickHouse.
    if (w.latency() != null) {
      latency(step + " 4/4", w);
    }
  }

  /** The workload's latency run, announced as the {@code step}. */
  void latency(String step, Workload w) throws Exception {
    say(
        String.format(
            Locale.ROOT,
            "%n%s Latency: %.1f simulated hours at %,.0f times real time ...",
            step,
            w.latency().period().duration().toMinutes() / 60.0,
            w.latency().speed()));
    report.add(Latency.measure(w, pipeline));
  }

  /** Produces the inputs' records to their topics as fast as the broker takes them. */
  private long produce(Workload w, Map<ConfigOption<String>, String> topics) throws Exception {
    long produceStart = System.nanoTime();
    Map<RecordKind, Long> kinds = new EnumMap<>(RecordKind.class);
    long records = 0;
    for (Input input : w.inputs()) {
      Iterator<SimulatedRecord> counted =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return input.records().hasNext();
            }

            @Override
            public SimulatedRecord next() {
              SimulatedRecord r = input.records().next();
              kinds.merge(r.kind(), 1L, Long::sum);
              return r;
            }
          };
      records +=
          Topics.feed(
              pipeline,
              topics.get(input.topicOption()),
              counted,
              Double.POSITIVE_INFINITY,
              w.period());
    }
    double produceSeconds = seconds(produceStart);
    report.add(
        String.format(
            Locale.ROOT,
            "Input: %,d records, %s, simulated and produced in %.1f s (%,.0f records/s)",
            records,
            w.describe(),
            produceSeconds,
            records / produceSeconds));
    report.add("  of which " + kinds);
    return records;
  }

  /** The input ceiling's events/s and time. */
  private record InputCeiling(double rate, double seconds) {}

  /** Consumes and decodes the inputs' topics ({@link Ceiling}). */
  private InputCeiling ceiling(Workload w, Map<ConfigOption<String>, String> topics)
      throws Exception {
    long ceilingStart = System.nanoTime();
    long decoded = 0;
    for (Input input : w.inputs()) {
      decoded +=
          Ceiling.consumeAndDecode(
              pipeline.bootstrapServers(), topics.get(input.topicOption()), input.decoder());
    }
    double ceilingSeconds = seconds(ceilingStart);
    double ceilingRate = decoded / ceilingSeconds;
    report.add(
        String.format(
            Locale.ROOT,
            "Ceiling (%d consumers, consume + decode + validate): %,.0f events/s (%,d in %.1f s)",
            LocalPipeline.PARALLELISM,
            ceilingRate,
            decoded,
            ceilingSeconds));
    return new InputCeiling(ceilingRate, ceilingSeconds);
  }

  /** Runs the workload's stages as bounded jobs over its topics, one after the other. */
  private void throughput(
      Workload w, Map<ConfigOption<String>, String> topics, long records, InputCeiling ceiling)
      throws Exception {
    List<String> indicatorTopics =
        List.of(
            w.topicRead(PipelineOptions.TOPIC_INDICATORS, topics),
            w.topicRead(PipelineOptions.TOPIC_CURRENT_INDICATORS, topics));
    Map<TopicPartition, Long> indicatorsBefore =
        Topics.endOffsets(pipeline.bootstrapServers(), indicatorTopics);
    SinkTotals sinksBefore = SinkTotals.now();
    System.gc();
    heap.reset();
    gc.reset();
    Map<String, Duration> cpuBefore = CpuTime.byPart();
    long jobStart = System.nanoTime();
    CheckpointSizes checkpoints = new CheckpointSizes(pipeline.restUrl());
    List<String> stageTimes = new ArrayList<>();
    for (Stage stage : w.stages()) {
      long expected = 0;
      for (ConfigOption<String> read : stage.reads()) {
        expected += Topics.recordsIn(pipeline.bootstrapServers(), w.topicRead(read, topics));
      }
      long stageStart = System.nanoTime();
      JobClient job =
          pipeline.startJobs(
              pipeline.settings(true, w.jobSettings(topics)),
              stage.jobs().toArray(LocalJob[]::new));
      CompletableFuture<?> finished = job.getJobExecutionResult();
      Timer progress = new Timer(5_000);
      long in = 0;
      while (!finished.isDone()) {
        Thread.sleep(200);
        if (progress.due()) {
          // A finished job of the stage stops reporting: its count leaves the sum.
          in = Math.max(in, Metrics.sum(pipeline.metricsUrl(), Metrics.EVENTS_IN));
          checkpoints.sample(job.getJobID());
          say(
              "      "
                  + (w.stages().size() > 1 ? stage.name() + ": " : "")
                  + ProgressLine.of(
                      in,
                      "events in",
                      (double) in / expected,
                      Duration.ofNanos(System.nanoTime() - stageStart)));
        }
      }
      finished.get();
      stageTimes.add(String.format(Locale.ROOT, "%s %.1f s", stage.name(), seconds(stageStart)));
    }
    double jobSeconds = seconds(jobStart);
    String cpu = CpuTime.since(cpuBefore, jobSeconds);
    long peakHeap = heap.peak();
    String collections = gc.summary();
    System.gc();
    long heapAfter = heap.current();
    double rate = records / jobSeconds;
    report.add(
        String.format(
            Locale.ROOT,
            "Pipeline (Kafka → Flink, parallelism %d → ClickHouse + indicators topic): %,.0f events/s,"
                + " %,d records in %.1f s wall time (job start to finish),"
                + " %.0f%% of the ceiling",
            LocalPipeline.PARALLELISM,
            rate,
            records,
            jobSeconds,
            100 * rate / ceiling.rate()));
    if (w.stages().size() > 1) {
      report.add("  stages, one after the other: " + String.join(", ", stageTimes));
    }
    report.add("  " + cpu);
    List<String> rows = new ArrayList<>();
    for (String table : w.tables()) {
      long stored = pipeline.countRows("sakervard." + table);
      // A view (v_) is counted as users read it: it deduplicates by itself.
      long distinct =
          table.startsWith("v_") ? stored : pipeline.countRowsDeduplicated("sakervard." + table);
      // Stored rows include repeats that background merges have not yet collapsed: how many
      // depends on merge timing, so only the deduplicated count compares between runs.
      rows.add(
          String.format(
              Locale.ROOT,
              stored == distinct ? "%,d %s" : "%,d %s (%,d stored)",
              distinct,
              table,
              stored));
    }
    report.add("  rows in ClickHouse: " + String.join(", ", rows));
    report.add(
        String.format(
            Locale.ROOT,
            "  heap: peak %,d MB used during the job, %,d MB live after it (after a full GC);"
                + " state: %s",
            peakHeap >> 20,
            heapAfter >> 20,
            BenchmarkReport.stateSummary(checkpoints.largest())));
    report.add("  garbage collection during the job: " + collections);

    reportWrites(w, topics, indicatorTopics, indicatorsBefore, sinksBefore, ceiling, jobSeconds);
  }

  /**
   * What the run wrote (rows and INSERTs per table, and per input event of each job), and the same
   * rows written again straight to ClickHouse: the output ceiling, against which the pipeline's
   * time is set with the input ceiling's.
   */
  private void reportWrites(
      Workload w,
      Map<ConfigOption<String>, String> topics,
      List<String> indicatorTopics,
      Map<TopicPartition, Long> indicatorsBefore,
      SinkTotals sinksBefore,
      InputCeiling ceiling,
      double jobSeconds)
      throws Exception {
    SinkTotals written = SinkTotals.now().since(sinksBefore);
    report.add(
        String.format(
            Locale.ROOT,
            "  sent to ClickHouse: %,d rows in %,d INSERTs: %s",
            written.totalRows(),
            written.totalInserts(),
            written.describe()));
    Map<TopicPartition, Long> from = new HashMap<>();
    Topics.endOffsets(pipeline.bootstrapServers(), indicatorTopics)
        .keySet()
        .forEach(p -> from.put(p, indicatorsBefore.getOrDefault(p, 0L)));
    Map<String, Long> inputs = new HashMap<>();
    for (Input input : w.inputs()) {
      String job = Amplification.jobReading(input.topicOption());
      if (job != null) {
        inputs.merge(
            job,
            Topics.recordsIn(pipeline.bootstrapServers(), topics.get(input.topicOption())),
            Long::sum);
      }
    }
    report.add("  amplification:");
    Amplification.lines(
            inputs, written, Amplification.indicatorRecordsSince(pipeline.bootstrapServers(), from))
        .forEach(line -> report.add("    " + line));
    say(
        String.format(
            Locale.ROOT, "      Output ceiling: writing %,d rows again ...", written.totalRows()));
    double outputSeconds =
        OutputCeiling.measure(pipeline, pipeline.settings(true, w.jobSettings(topics)), written);
    report.add(
        String.format(
            Locale.ROOT,
            "Output ceiling (the run's %,d rows written again into copies of its tables, in its"
                + " batch sizes, RowBinary through the JDBC driver): %.1f s (%,.0f rows/s)",
            written.totalRows(),
            outputSeconds,
            written.totalRows() / outputSeconds));
    double bound = 1.5 * (ceiling.seconds() + outputSeconds);
    report.add(
        String.format(
            Locale.ROOT,
            "Pipeline %.1f s against 1.5 × (input ceiling %.1f s + output ceiling %.1f s) = %.1f s:"
                + " %.1f× the ceilings' sum (target at most 1.5×)",
            jobSeconds,
            ceiling.seconds(),
            outputSeconds,
            bound,
            jobSeconds / (ceiling.seconds() + outputSeconds)));
  }
}
