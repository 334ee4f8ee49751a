package se.sakervard.local.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import se.sakervard.census.CensusDecoder;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.deviations.DeviationDecoder;
import se.sakervard.infections.InfectionDecoder;
import se.sakervard.infections.PatientDaysDecoder;
import se.sakervard.local.LocalCommand;
import se.sakervard.local.LocalPipeline;
import se.sakervard.local.LocalPipeline.LocalJob;
import se.sakervard.local.ProgressLine;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.simulator.CancelledStayEvents;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.CorrectedInfectionCases;
import se.sakervard.simulator.DeviationFaultRates;
import se.sakervard.simulator.DeviationSimulationConfig;
import se.sakervard.simulator.DeviationSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.InfectionFaultRates;
import se.sakervard.simulator.InfectionSimulationConfig;
import se.sakervard.simulator.InfectionSimulator;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.PatientDayValues;
import se.sakervard.simulator.RecordKind;
import se.sakervard.simulator.SeededEvents;
import se.sakervard.simulator.SimulatedRecord;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulationConfig;

/**
 * Measures the jobs on the embedded local stack and prints their figures. For the census job (a
 * region's census over some days), the deviation job (a regional year of deviation cases) and the
 * infection job (a region's year of infection observations with its units' patient days):
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
 *       infection_clusters} while open), the time from the event that changed it entering Kafka
 *       (the record's timestamp, set by the producer when it sent it) to the row being stored in
 *       ClickHouse ({@code inserted_at}, set by the server).
 * </ol>
 *
 * Heap is sampled every 50 ms throughout; the mini cluster runs in this JVM, so the peak is the
 * job's and the benchmark's together, as are the garbage collections it counts.
 */
public final class Benchmark {
  private static final String EVENTS_IN_METRIC =
      "flink_taskmanager_job_task_operator_stream_sakervard_events_in_count";

  private Benchmark() {}

  /** The benchmark's command line. */
  record Options(
      int hospitals,
      double days,
      long seed,
      double latencySpeed,
      Duration latencyWallTime,
      int deviationHospitals,
      double deviationDays,
      int deviationReports,
      double deviationLatencySpeed,
      int infectionHospitals,
      double infectionDays,
      double infectionLatencySpeed,
      int alertingHospitals,
      double alertingLatencySpeed,
      String only,
      double nationalDays,
      double alertBurdenDays,
      double censusCancelled,
      double infectionsCorrected) {
    static final String USAGE =
        """
        Usage: infra/benchmark [--hospitals N] [--days N] [--seed N] [--latency-speed X] [--latency-seconds N]
                               [--deviation-hospitals N] [--deviation-days N] [--deviation-reports N]
                               [--deviation-latency-speed X] [--infection-hospitals N]
                               [--infection-days N] [--infection-latency-speed X]
                               [--alerting-hospitals N] [--alerting-latency-speed X]
                               [--only census|deviations|infections|alerting] [--national-days N]
                               [--alert-burden-days N] [--census-cancelled X]
                               [--infections-corrected X]
       infra/benchmark --hl7-edge    the MLLP edge alone: messages/s and ACK latency

          --hospitals N                census: region size, about 330 beds each (60 ≈ Sweden)  default 20
          --days N                     census: simulated days for the throughput run         default 90
          --census-cancelled X         census (and the national year): share of stay events
                                       registered again in error and cancelled               default 0
          --infections-corrected X     infections (and the national year): share of cases
                                       reported first without their organism, then corrected default 0
          --seed N                     the same seed gives the same region (events end now)  default 42
          --latency-speed X            census: simulated seconds per second, latency run      default 600
          --latency-seconds N          wall-clock length of each latency run                  default 60
          --deviation-hospitals N      deviations: region size                                default 2
          --deviation-days N           deviations: simulated days for the throughput run      default 365
          --deviation-reports N        deviations: reports a year in the region (a region of
                                       270,000 inhabitants reported 14,615 in 2024)          default 14615
          --deviation-latency-speed X  deviations: simulated seconds per second, latency run  default 14400
          --infection-hospitals N      infections: region size                                default 10
          --infection-days N           infections: simulated days for the throughput run      default 365
          --infection-latency-speed X  infections: simulated seconds per second, latency run  default 86400
          --alerting-hospitals N       alerting: region size (its deviation cases are the
                                       input; serious care injuries page)                     default 10
          --alerting-latency-speed X   alerting: simulated seconds per second, latency run    default 86400
          --only JOB                   measure only this job                                  default all four
          --national-days N            instead: the four jobs on a national simulation of N
                                       days (365: the national year; 60 hospitals, ~20,700
                                       beds, 300,000 deviation reports a year), then the
                                       census and alerting latency runs                       default off
          --alert-burden-days N        instead: what the alerts ask of people over N days of
                                       --alerting-hospitals hospitals (365: a year of 10) with
                                       seeded staffing crises, same-day serious care injuries
                                       and outbreaks: pages per shift, night pages, digest
                                       items, time at each level, each seeded event's alert   default off
        """;

    boolean measures(String job) {
      return only.equals("all") || only.equals(job);
    }

    static Options parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--help") || args[i].equals("-h")) {
          throw new IllegalArgumentException("");
        }
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + ": expected --option value");
        }
        values.put(args[i], args[++i]);
      }
      try {
        Options options =
            new Options(
                Integer.parseInt(values.getOrDefault("--hospitals", "20")),
                Double.parseDouble(values.getOrDefault("--days", "90")),
                Long.parseLong(values.getOrDefault("--seed", "42")),
                Double.parseDouble(values.getOrDefault("--latency-speed", "600")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("--latency-seconds", "60"))),
                Integer.parseInt(values.getOrDefault("--deviation-hospitals", "2")),
                Double.parseDouble(values.getOrDefault("--deviation-days", "365")),
                Integer.parseInt(values.getOrDefault("--deviation-reports", "14615")),
                Double.parseDouble(values.getOrDefault("--deviation-latency-speed", "14400")),
                Integer.parseInt(values.getOrDefault("--infection-hospitals", "10")),
                Double.parseDouble(values.getOrDefault("--infection-days", "365")),
                Double.parseDouble(values.getOrDefault("--infection-latency-speed", "86400")),
                Integer.parseInt(values.getOrDefault("--alerting-hospitals", "10")),
                Double.parseDouble(values.getOrDefault("--alerting-latency-speed", "86400")),
                values.getOrDefault("--only", "all"),
                Double.parseDouble(values.getOrDefault("--national-days", "0")),
                Double.parseDouble(values.getOrDefault("--alert-burden-days", "0")),
                Double.parseDouble(values.getOrDefault("--census-cancelled", "0")),
                Double.parseDouble(values.getOrDefault("--infections-corrected", "0")));
        values.keySet().stream()
            .filter(k -> !USAGE.contains(k + " "))
            .findFirst()
            .ifPresent(
                k -> {
                  throw new IllegalArgumentException("unknown option " + k);
                });
        if (options.hospitals < 1
            || options.deviationHospitals < 1
            || options.deviationReports < 1
            || options.infectionHospitals < 1
            || options.alertingHospitals < 1
            || !(options.alertingLatencySpeed > 0)
            || !(options.days > 0)
            || !(options.deviationDays > 0)
            || !(options.infectionDays > 0)
            || !(options.latencySpeed > 0)
            || !(options.deviationLatencySpeed > 0)
            || !(options.infectionLatencySpeed > 0)
            || options.latencyWallTime.isNegative()
            || options.nationalDays < 0
            || options.alertBurdenDays < 0) {
          throw new IllegalArgumentException("every option must be positive");
        }
        if (!List.of("all", "census", "deviations", "infections", "alerting")
            .contains(options.only)) {
          throw new IllegalArgumentException(
              "--only takes census, deviations, infections or alerting, not " + options.only);
        }
        return options;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + e.getMessage());
      }
    }
  }

  /**
   * One topic a job reads.
   *
   * @param topicOption the job's option naming the topic
   * @param decoder the decoding and validation of the job's first step
   */
  private record Input(
      ConfigOption<String> topicOption,
      Iterator<SimulatedRecord> records,
      Supplier<RecordDecoder<?>> decoder) {

    String name() {
      return topicName(topicOption);
    }
  }

  /** An option's topic as the benchmark names it: {@code topic.census} → {@code census}. */
  private static String topicName(ConfigOption<String> option) {
    return option.key().substring(option.key().indexOf('.') + 1);
  }

  /**
   * Jobs run together as one bounded Flink job, after the stages before them: a job that reads
   * another's output (the infection job the census's patient days, alerting every job's indicator
   * values and clusters) runs after it, so that a bounded replay finds that output complete.
   *
   * @param reads the topics its jobs read, for its progress
   */
  private record Stage(List<LocalJob> jobs, List<ConfigOption<String>> reads) {
    static Stage of(LocalJob job, List<ConfigOption<String>> reads) {
      return new Stage(List.of(job), reads);
    }

    String name() {
      return String.join(" + ", jobs.stream().map(j -> j.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  /**
   * One job's benchmark: its simulated input, its tables, and how its latency is timed.
   *
   * @param inputs the throughput run's topics
   * @param region the units the throughput run's records name, published on the run's own unit
   *     reference topic ({@link Benchmark#publishUnits}); null where no job of it reads one
   * @param latencyInputs the latency run's topics, sent together at {@code latencySpeed}
   * @param latencyRegion the units the latency run's records name, on a unit reference topic of the
   *     latency run's own; null where no job of it reads one
   */
  private record Workload(
      String name,
      List<Stage> stages,
      String describe,
      Instant start,
      Duration duration,
      List<Input> inputs,
      SimulatedRegion region,
      List<String> tables,
      LatencyProbe latency,
      Instant latencyStart,
      Duration latencyDuration,
      List<Input> latencyInputs,
      SimulatedRegion latencyRegion,
      double latencySpeed,
      Map<ConfigOption<String>, String> settings) {

    /** The benchmark's topic of an input in a run: a fresh one for every run. */
    String topic(Input input, String run) {
      return topic(input.topicOption(), run);
    }

    String topic(ConfigOption<String> option, String run) {
      return "bench-" + name() + "-" + topicName(option) + "-" + run;
    }

    Map<ConfigOption<String>, String> topics(List<Input> of, String run) {
      Map<ConfigOption<String>, String> topics = new HashMap<>();
      of.forEach(i -> topics.put(i.topicOption(), topic(i, run)));
      return topics;
    }

    /** The topic a stage reads for an option: the run's input topic or the default one. */
    String topicRead(ConfigOption<String> option, Map<ConfigOption<String>, String> topics) {
      return topics.getOrDefault(option, LocalPipeline.topic(option));
    }

    /** The run's topics and the workload's own settings, for the job. */
    Map<ConfigOption<String>, String> jobSettings(Map<ConfigOption<String>, String> topics) {
      Map<ConfigOption<String>, String> all = new HashMap<>(settings);
      all.putAll(topics);
      return all;
    }
  }

  /** Times the rows a latency run stores in one table. */
  private interface LatencyProbe {
    /** The table timed: its merges are stopped so that every row inserted stays visible. */
    String table();

    /** What is timed, for the report. */
    String describe();

    /** Called before the latency run's job starts. */
    default void beforeRun() {}

    /**
     * Each timed row's latency in milliseconds.
     *
     * @param topics the latency run's topic of each input
     */
    List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics)
        throws Exception;
  }

  /**
   * The "now" rows of a place (level UNIT) whose as_of is the event time of the event that changed
   * them: each timed from that event entering Kafka (the record's timestamp, set by the producer)
   * to the row being stored ({@code inserted_at}, set by the server). Rows of timers (ageing) have
   * no event of their instant and are not timed.
   */
  private record NowRows(
      String table,
      ConfigOption<String> topicOption,
      ToLongFunction<byte[]> eventTime,
      Instant measuredFrom)
      implements LatencyProbe {

    @Override
    public String describe() {
      return "event into Kafka → row stored in ClickHouse " + table;
    }

    @Override
    public List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics)
        throws Exception {
      Map<Long, Long> sentAtByEventTime = new HashMap<>();
      readTopic(
          pipeline,
          topics.get(topicOption),
          r -> sentAtByEventTime.merge(eventTime.applyAsLong(r.value()), r.timestamp(), Math::min));
      return timed(
          pipeline,
          "SELECT toUnixTimestamp64Milli(as_of), toUnixTimestamp64Milli(inserted_at) FROM sakervard."
              + table
              + " WHERE level = 'UNIT' AND as_of >= "
              + sqlInstant(measuredFrom),
          (rows, out) -> {
            Long sentAt = sentAtByEventTime.get(rows.getLong(1));
            if (sentAt != null) {
              out.add(rows.getLong(2) - sentAt);
            }
          });
    }
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
      Map<String, Long> sentAtByCase = new HashMap<>();
      readTopic(
          pipeline,
          topics.get(topicOption),
          r -> {
            if (r.key() != null) {
              sentAtByCase.merge(
                  new String(r.key(), StandardCharsets.UTF_8), r.timestamp(), Math::min);
            }
          });
      return timed(
          pipeline,
          "SELECT toUnixTimestamp64Milli(inserted_at), case_refs FROM sakervard.infection_clusters"
              + " WHERE status = 'OPEN' AND opened_at >= "
              + sqlInstant(measuredFrom),
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

  /**
   * The pages of serious care injuries: each timed from its case's classification entering Kafka
   * (the record's timestamp) to the page arriving at the webhook (this process's clock, the same
   * machine's). Pages of the throughput run are forgotten before the latency run starts.
   */
  private record WebhookPages(PageReceiver receiver, ConfigOption<String> topicOption)
      implements LatencyProbe {

    /**
     * The alerting job's inputs without records (indicators, clusters, actions) hold event time
     * back until they count as idle ({@link LocalPipeline#IDLE_TIMEOUT}); in production they flow.
     */
    static final Duration WARM_UP = LocalPipeline.IDLE_TIMEOUT.plusSeconds(5);

    @Override
    public String table() {
      return "alert_audit";
    }

    @Override
    public void beforeRun() {
      receiver.forget();
    }

    @Override
    public String describe() {
      return "serious care injury into Kafka → its page at the webhook, after a warm-up of "
          + WARM_UP.toSeconds()
          + " s";
    }

    @Override
    public List<Long> latencies(LocalPipeline pipeline, Map<ConfigOption<String>, String> topics) {
      SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);
      Map<String, Long> classifiedAt = new HashMap<>();
      long[] lastSent = {Long.MIN_VALUE};
      readTopic(
          pipeline,
          topics.get(topicOption),
          r -> {
            lastSent[0] = Math.max(lastSent[0], r.timestamp());
            try {
              DeviationEvent e = codec.decode(r.value());
              if (e.getChange() instanceof CaseClassified c && c.getSeriousCareInjury()) {
                classifiedAt.merge(e.getCaseRef(), r.timestamp(), Math::min);
              }
            } catch (UndecodableRecordException e) {
              // the latency run sends no malformed records
            }
          });
      List<Long> latencies = new ArrayList<>();
      long warm =
          classifiedAt.values().stream().mapToLong(Long::longValue).min().orElse(0)
              + WARM_UP.toMillis();
      int paged = 0;
      long earliestUnpaged = Long.MAX_VALUE;
      for (Map.Entry<String, Long> c : classifiedAt.entrySet()) {
        Long arrived = receiver.arrival("serious-care-injury", c.getKey());
        if (arrived != null) {
          paged++;
          if (c.getValue() >= warm) {
            latencies.add(arrived - c.getValue());
          }
        } else {
          earliestUnpaged = Math.min(earliestUnpaged, c.getValue());
        }
      }
      if (paged < classifiedAt.size()) {
        // Event time trails the newest event by the out-of-orderness bound: the run's last cases
        // wait for later events that never come.
        say(
            String.format(
                Locale.ROOT,
                "      not paged: %d, the earliest classified %.1f s before the last record sent"
                    + " (event time trails the newest event by events.max-out-of-orderness)",
                classifiedAt.size() - paged,
                (lastSent[0] - earliestUnpaged) / 1000.0));
      }
      say(
          String.format(
              Locale.ROOT,
              "      %d serious care injuries classified, %d of them paged, %d alerts paged in all",
              classifiedAt.size(),
              paged,
              receiver.received().size()));
      return latencies;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--hl7-edge")) {
      Hl7EdgeBenchmark.main(args);
      return;
    }
    Options options = LocalCommand.parseOrExit(args, Options::parse, Options.USAGE);
    HeapSampler heap = HeapSampler.start();
    GcPauses gc = GcPauses.start();
    PageReceiver receiver = PageReceiver.start();
    LocalCommand.runOnFreshStack(
        "benchmark",
        pipeline -> {
          List<String> report = new ArrayList<>();
          report.add(
              String.format(
                  Locale.ROOT,
                  "Machine: %d cores, JVM heap limit %,d MB, Java %s",
                  Runtime.getRuntime().availableProcessors(),
                  Runtime.getRuntime().maxMemory() >> 20,
                  System.getProperty("java.version")));
          if (options.alertBurdenDays > 0) {
            alertBurden(options, receiver, pipeline, heap, gc, report);
          } else if (options.nationalDays > 0) {
            run(national(options, receiver), 1, 3, pipeline, heap, gc, report);
            // Latency at a region's pace, as in the per-job runs: census rows and pages.
            List<Workload> timed = List.of(census(options), alerting(options, receiver));
            for (int i = 0; i < timed.size(); i++) {
              Workload w = timed.get(i);
              say(
                  String.format(
                      Locale.ROOT,
                      "%n[%d/3 %s] Latency: %.1f simulated hours at %,.0f times real time ...",
                      i + 2,
                      w.name(),
                      w.latencyDuration().toMinutes() / 60.0,
                      w.latencySpeed()));
              report.add("");
              report.add(w.name().toUpperCase(Locale.ROOT) + ", a region at its latency pace");
              report.add(measureLatency(w, pipeline));
            }
          } else {
            List<Workload> workloads = new ArrayList<>();
            if (options.measures("census")) {
              workloads.add(census(options));
            }
            if (options.measures("deviations")) {
              workloads.add(deviations(options));
            }
            if (options.measures("infections")) {
              workloads.add(infections(options));
            }
            if (options.measures("alerting")) {
              workloads.add(alerting(options, receiver));
            }
            for (int i = 0; i < workloads.size(); i++) {
              run(workloads.get(i), i + 1, workloads.size(), pipeline, heap, gc, report);
            }
          }
          System.out.println();
          System.out.println("Benchmark figures");
          report.forEach(line -> System.out.println("  " + line));
          receiver.close();
        });
  }

  /** A region's census over the days, ending now, with typical faults. */
  private static Workload census(Options options) {
    Duration simulated = Duration.ofSeconds(Math.round(options.days * 86_400));
    SimulationConfig config =
        new SimulationConfig(
            options.hospitals,
            options.seed,
            Instant.now().minus(simulated),
            simulated,
            FaultRates.typical());
    CensusSimulator simulator = new CensusSimulator(config);
    // --census-cancelled: that share of stay events registered again in error and cancelled.
    Iterator<SimulatedRecord> feed =
        options.censusCancelled > 0
            ? new CancelledStayEvents(simulator, options.censusCancelled, options.seed)
            : simulator;
    Duration latencySimulated = latencySimulated(options, options.latencySpeed);
    Instant latencyStart = latencyStart(options, latencySimulated);
    CensusSimulator latencySimulator =
        new CensusSimulator(
            new SimulationConfig(
                options.hospitals,
                options.seed + 1,
                latencyStart,
                latencySimulated,
                FaultRates.none()));
    SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
    Supplier<RecordDecoder<?>> decoder = CENSUS_DECODER;
    return new Workload(
        "census",
        List.of(Stage.of(LocalJob.CENSUS, List.of(PipelineOptions.TOPIC_CENSUS))),
        String.format(
            Locale.ROOT,
            "%.0f days of region %s's census (%d hospitals, %,d available beds, typical faults%s)",
            options.days,
            simulator.region().regionCode(),
            options.hospitals,
            simulator.region().totalAvailableBeds(),
            options.censusCancelled > 0
                ? String.format(
                    Locale.ROOT,
                    "; %.1f%% of stay events registered again in error and cancelled",
                    100 * options.censusCancelled)
                : ""),
        config.start(),
        config.duration(),
        List.of(new Input(PipelineOptions.TOPIC_CENSUS, feed, decoder)),
        simulator.region(),
        List.of("census_current", "census_figures"),
        new NowRows(
            "census_current",
            PipelineOptions.TOPIC_CENSUS,
            value -> eventTime(() -> codec.decode(value).getEnvelope().getEventTime()),
            // The initial census arrives as one burst at the start; latency is measured after it.
            latencyStart.plus(Duration.ofMinutes(1))),
        latencyStart,
        latencySimulated,
        List.of(new Input(PipelineOptions.TOPIC_CENSUS, latencySimulator, decoder)),
        latencySimulator.region(),
        options.latencySpeed,
        Map.of());
  }

  /**
   * A regional year (by default) of deviation cases, ending now, with typical faults; the region's
   * units report {@code --deviation-reports} a year between them.
   */
  private static Workload deviations(Options options) {
    Duration simulated = Duration.ofSeconds(Math.round(options.deviationDays * 86_400));
    Instant start = Instant.now().minus(simulated);
    DeviationSimulator simulator =
        deviationSimulator(
            options, options.deviationHospitals, options.seed, start, simulated, true);
    Duration latencySimulated = latencySimulated(options, options.deviationLatencySpeed);
    Instant latencyStart = latencyStart(options, latencySimulated);
    DeviationSimulator latencySimulator =
        deviationSimulator(
            options,
            options.deviationHospitals,
            options.seed + 1,
            latencyStart,
            latencySimulated,
            false);
    SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);
    return new Workload(
        "deviations",
        List.of(Stage.of(LocalJob.DEVIATIONS, List.of(PipelineOptions.TOPIC_DEVIATIONS))),
        String.format(
            Locale.ROOT,
            "%.0f days of region %s's deviation cases (%d hospitals, %,d available beds,"
                + " %,d reports a year, typical faults)",
            options.deviationDays,
            simulator.region().regionCode(),
            options.deviationHospitals,
            simulator.region().totalAvailableBeds(),
            options.deviationReports),
        start,
        simulated,
        List.of(new Input(PipelineOptions.TOPIC_DEVIATIONS, simulator, DEVIATION_DECODER)),
        simulator.region(),
        List.of(
            "deviation_cases",
            "deviation_monthly",
            "deviation_backlog",
            "deviation_daily",
            "deviation_reported_rolling"),
        new NowRows(
            "deviation_backlog",
            PipelineOptions.TOPIC_DEVIATIONS,
            value -> eventTime(() -> codec.decode(value).getEnvelope().getEventTime()),
            latencyStart),
        latencyStart,
        latencySimulated,
        List.of(new Input(PipelineOptions.TOPIC_DEVIATIONS, latencySimulator, DEVIATION_DECODER)),
        latencySimulator.region(),
        options.deviationLatencySpeed,
        Map.of());
  }

  private static final Supplier<RecordDecoder<?>> CENSUS_DECODER =
      () -> new CensusDecoder(PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC());

  private static final Supplier<RecordDecoder<?>> DEVIATION_DECODER =
      () -> new DeviationDecoder(PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC());

  private static final Supplier<RecordDecoder<?>> INFECTION_DECODER =
      () ->
          new InfectionDecoder(
              PipelineOptions.MAX_FUTURE_SKEW.defaultValue(),
              PipelineOptions.INFECTIONS_MAX_ONSET_LAG.defaultValue(),
              Clock.systemUTC());

  /** Everything the alerting job reads. */
  private static final List<ConfigOption<String>> ALERTING_READS =
      List.of(
          PipelineOptions.TOPIC_DEVIATIONS,
          PipelineOptions.TOPIC_INDICATORS,
          PipelineOptions.TOPIC_CURRENT_INDICATORS,
          PipelineOptions.TOPIC_INFECTION_CLUSTERS,
          PipelineOptions.TOPIC_ALERT_ACTIONS);

  /**
   * The four jobs replayed in the order they depend on each other: census and deviations together,
   * then infections (the census's patient days), then alerting (every job's indicator values and
   * clusters).
   */
  private static final List<Stage> ALL_FOUR_JOBS =
      List.of(
          new Stage(
              List.of(LocalJob.CENSUS, LocalJob.DEVIATIONS),
              List.of(PipelineOptions.TOPIC_CENSUS, PipelineOptions.TOPIC_DEVIATIONS)),
          Stage.of(
              LocalJob.INFECTIONS,
              List.of(PipelineOptions.TOPIC_INFECTIONS, PipelineOptions.TOPIC_INDICATORS)),
          Stage.of(LocalJob.ALERTING, ALERTING_READS));

  /** A region's census, deviation cases and infection observations, as the jobs read them. */
  private static List<Input> regionInputs(
      Iterator<SimulatedRecord> census,
      DeviationSimulator deviations,
      Iterator<SimulatedRecord> infections) {
    return List.of(
        new Input(PipelineOptions.TOPIC_CENSUS, census, CENSUS_DECODER),
        new Input(PipelineOptions.TOPIC_DEVIATIONS, deviations, DEVIATION_DECODER),
        new Input(PipelineOptions.TOPIC_INFECTIONS, infections, INFECTION_DECODER));
  }

  /** The infection observations of a region's units with typical faults. */
  private static InfectionSimulator typicalInfections(
      int hospitals, long seed, Instant start, Duration simulated) {
    return new InfectionSimulator(
        new InfectionSimulationConfig(
            hospitals,
            seed,
            start,
            simulated,
            FaultRates.typical(),
            InfectionFaultRates.typical()));
  }

  /** Hospitals of the national simulation: about 20,700 available beds, as Sweden's. */
  private static final int NATIONAL_HOSPITALS = 60;

  /** Deviation reports a year in Sweden's hospitals, the national simulation's rate. */
  private static final int NATIONAL_DEVIATION_REPORTS = 300_000;

  /**
   * The four jobs on a national simulation of {@code --national-days}, ending now, with typical
   * faults: the census, deviation cases and infection observations of the same units (one seed),
   * replayed as a bounded run in the order the jobs depend on each other: census and deviations
   * together, then infections (the census's patient days), then alerting (every job's indicator
   * values and clusters). Pages go to the webhook receiver.
   */
  private static Workload national(Options options, PageReceiver receiver) {
    Duration simulated = Duration.ofSeconds(Math.round(options.nationalDays * 86_400));
    Instant start = Instant.now().minus(simulated);
    CensusSimulator census =
        new CensusSimulator(
            new SimulationConfig(
                NATIONAL_HOSPITALS, options.seed, start, simulated, FaultRates.typical()));
    int beds = census.region().totalAvailableBeds();
    DeviationSimulator deviations =
        new DeviationSimulator(
            new DeviationSimulationConfig(
                NATIONAL_HOSPITALS,
                options.seed,
                start,
                simulated,
                (double) NATIONAL_DEVIATION_REPORTS / beds,
                FaultRates.typical(),
                DeviationFaultRates.typical()));
    InfectionSimulator infections =
        typicalInfections(NATIONAL_HOSPITALS, options.seed, start, simulated);
    // --census-cancelled and --infections-corrected apply to the national year too.
    Iterator<SimulatedRecord> censusFeed =
        options.censusCancelled > 0
            ? new CancelledStayEvents(census, options.censusCancelled, options.seed)
            : census;
    Iterator<SimulatedRecord> infectionFeed =
        options.infectionsCorrected > 0
            ? new CorrectedInfectionCases(infections, options.infectionsCorrected, options.seed)
            : infections;
    return new Workload(
        "national",
        ALL_FOUR_JOBS,
        String.format(
            Locale.ROOT,
            "%.0f days of a national simulation (%d hospitals, %,d available beds, %,d deviation"
                + " reports a year, typical faults%s%s): census, deviation cases and infection"
                + " observations of the same units",
            options.nationalDays,
            NATIONAL_HOSPITALS,
            beds,
            NATIONAL_DEVIATION_REPORTS,
            options.censusCancelled > 0
                ? String.format(
                    Locale.ROOT, "; %.1f%% of stay events cancelled", 100 * options.censusCancelled)
                : "",
            options.infectionsCorrected > 0
                ? String.format(
                    Locale.ROOT,
                    "; %.1f%% of infection cases corrected",
                    100 * options.infectionsCorrected)
                : ""),
        start,
        simulated,
        regionInputs(censusFeed, deviations, infectionFeed),
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
        null,
        null,
        List.of(),
        null,
        0,
        Map.of(PipelineOptions.ALERTING_WEBHOOK_URL, receiver.url()));
  }

  /**
   * What the alerts ask of people: {@code --alert-burden-days} of a region of {@code
   * --alerting-hospitals} hospitals (census, deviation cases and infection observations of the same
   * units, typical faults), with seeded events (4 staffing crises, 10 same-day serious care
   * injuries, and the infection simulator's outbreaks), replayed through all four jobs as the
   * national run is, pages to a webhook receiver and the digest to a mail server on loopback; then
   * {@link AlertBurden} reads the burden and each seeded event's alert from ClickHouse.
   */
  private static void alertBurden(
      Options options,
      PageReceiver receiver,
      LocalPipeline pipeline,
      HeapSampler heap,
      GcPauses gc,
      List<String> report)
      throws Exception {
    int hospitals = options.alertingHospitals;
    Duration simulated = Duration.ofSeconds(Math.round(options.alertBurdenDays * 86_400));
    Instant start = Instant.now().minus(simulated);
    SimulatedRegion region = SimulatedRegion.generate(hospitals, options.seed);
    SeededEvents seeded = SeededEvents.plan(region, start, simulated, options.seed, 4, 10);
    CensusSimulator census =
        new CensusSimulator(
            new SimulationConfig(hospitals, options.seed, start, simulated, FaultRates.typical()),
            seeded);
    DeviationSimulator deviations =
        new DeviationSimulator(
            new DeviationSimulationConfig(
                hospitals,
                options.seed,
                start,
                simulated,
                FaultRates.typical(),
                DeviationFaultRates.typical()),
            seeded);
    InfectionSimulator infections = typicalInfections(hospitals, options.seed, start, simulated);
    com.icegreen.greenmail.util.GreenMail mail =
        new com.icegreen.greenmail.util.GreenMail(
            com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    try {
      Workload w =
          new Workload(
              "alert-burden",
              ALL_FOUR_JOBS,
              String.format(
                  Locale.ROOT,
                  "%.0f days of %d hospitals (%,d available beds, typical faults) with %d staffing"
                      + " crises, %d same-day serious care injuries and the simulator's outbreaks",
                  options.alertBurdenDays,
                  hospitals,
                  region.totalAvailableBeds(),
                  seeded.crises().size(),
                  seeded.injuries().size()),
              start,
              simulated,
              regionInputs(census, deviations, infections),
              region,
              List.of("here_and_now_levels", "infection_clusters", "alert_audit"),
              null,
              null,
              null,
              List.of(),
              null,
              0,
              Map.of(
                  PipelineOptions.ALERTING_WEBHOOK_URL,
                  receiver.url(),
                  PipelineOptions.ALERTING_SMTP,
                  "127.0.0.1:" + mail.getSmtp().getPort(),
                  PipelineOptions.ALERTING_DIGEST_TO,
                  "chefslakare@region.example"));
      run(w, 1, 1, pipeline, heap, gc, report);
      report.add("");
      report.add("ALERT BURDEN (targets in brackets)");
      try (var clickHouse = pipeline.clickHouse()) {
        new AlertBurden(region, seeded, infections.outbreaks(), start, start.plus(simulated))
            .report(clickHouse)
            .forEach(line -> report.add("  " + line));
      }
    } finally {
      mail.stop();
    }
  }

  /**
   * Deviation cases of a region of {@code hospitals}, reporting at the rate of {@code
   * --deviation-reports} a year over the beds of {@code --deviation-hospitals}.
   */
  private static DeviationSimulator deviationSimulator(
      Options options,
      int hospitals,
      long seed,
      Instant start,
      Duration duration,
      boolean typicalFaults) {
    double reportsPerBedYear =
        (double) options.deviationReports
            / SimulatedRegion.generate(options.deviationHospitals, options.seed)
                .totalAvailableBeds();
    return new DeviationSimulator(
        new DeviationSimulationConfig(
            hospitals,
            seed,
            start,
            duration,
            reportsPerBedYear,
            typicalFaults ? FaultRates.typical() : FaultRates.none(),
            typicalFaults ? DeviationFaultRates.typical() : DeviationFaultRates.none()));
  }

  /**
   * A region's year (by default) of infection observations, ending now, with typical faults, and
   * the census's patient days of its units ({@link PatientDayValues}) on the topic the job reads
   * them from, so that the infection job runs alone.
   */
  private static Workload infections(Options options) {
    Duration simulated = Duration.ofSeconds(Math.round(options.infectionDays * 86_400));
    InfectionSimulationConfig config =
        new InfectionSimulationConfig(
            options.infectionHospitals,
            options.seed,
            Instant.now().minus(simulated),
            simulated,
            FaultRates.typical(),
            InfectionFaultRates.typical());
    InfectionSimulator simulator = new InfectionSimulator(config);
    // --infections-corrected: that share of cases reported first without their organism.
    Iterator<SimulatedRecord> feed =
        options.infectionsCorrected > 0
            ? new CorrectedInfectionCases(simulator, options.infectionsCorrected, options.seed)
            : simulator;
    Duration latencySimulated = latencySimulated(options, options.infectionLatencySpeed);
    Instant latencyStart = latencyStart(options, latencySimulated);
    InfectionSimulator latencySimulator =
        new InfectionSimulator(
            new InfectionSimulationConfig(
                options.infectionHospitals,
                options.seed + 1,
                latencyStart,
                latencySimulated,
                FaultRates.none(),
                InfectionFaultRates.none()));
    Supplier<RecordDecoder<?>> decoder = INFECTION_DECODER;
    Supplier<RecordDecoder<?>> patientDays =
        () ->
            new PatientDaysDecoder(
                new LocalCalendar(ZoneId.of(PipelineOptions.ZONE.defaultValue())));
    return new Workload(
        "infections",
        List.of(
            Stage.of(
                LocalJob.INFECTIONS,
                List.of(PipelineOptions.TOPIC_INFECTIONS, PipelineOptions.TOPIC_INDICATORS))),
        String.format(
            Locale.ROOT,
            "%.0f days of region %s's infection observations (%d hospitals, %,d available beds,"
                + " typical faults%s) with its units' patient days",
            options.infectionDays,
            simulator.region().regionCode(),
            options.infectionHospitals,
            simulator.region().totalAvailableBeds(),
            options.infectionsCorrected > 0
                ? String.format(
                    Locale.ROOT,
                    "; %.1f%% of cases reported first without their organism and corrected",
                    100 * options.infectionsCorrected)
                : ""),
        config.start(),
        config.duration(),
        List.of(
            new Input(PipelineOptions.TOPIC_INFECTIONS, feed, decoder),
            new Input(
                PipelineOptions.TOPIC_INDICATORS,
                new PatientDayValues(simulator.region(), config.start(), config.end()),
                patientDays)),
        simulator.region(),
        List.of(
            "infection_incidence",
            "hygiene_compliance",
            "multi_resistant_findings",
            "infection_prevalence",
            "infection_clusters",
            "infection_cluster_events"),
        new ClusterRows(PipelineOptions.TOPIC_INFECTIONS, latencyStart.plus(Duration.ofDays(1))),
        latencyStart,
        latencySimulated,
        List.of(
            new Input(PipelineOptions.TOPIC_INFECTIONS, latencySimulator, decoder),
            new Input(
                PipelineOptions.TOPIC_INDICATORS,
                new PatientDayValues(
                    latencySimulator.region(), latencyStart, latencyStart.plus(latencySimulated)),
                patientDays)),
        latencySimulator.region(),
        options.infectionLatencySpeed,
        Map.of());
  }

  /**
   * The alerting job on a region's year of deviation cases (by default 10 hospitals at the
   * deviations workload's reporting rate), read straight from the deviation topic as in production:
   * every case classified as a serious care injury pages through the webhook, here a receiver in
   * this process. Latency: from the classification entering Kafka to its page arriving.
   */
  private static Workload alerting(Options options, PageReceiver receiver) {
    Duration simulated = Duration.ofSeconds(Math.round(options.deviationDays * 86_400));
    Instant start = Instant.now().minus(simulated);
    DeviationSimulator simulator =
        deviationSimulator(
            options, options.alertingHospitals, options.seed, start, simulated, true);
    Duration latencySimulated = latencySimulated(options, options.alertingLatencySpeed);
    Instant latencyStart = latencyStart(options, latencySimulated);
    return new Workload(
        "alerting",
        List.of(Stage.of(LocalJob.ALERTING, ALERTING_READS)),
        String.format(
            Locale.ROOT,
            "%.0f days of region %s's deviation cases (%d hospitals, %,d available beds, typical"
                + " faults) for the alert rules, pages to a webhook on loopback",
            options.deviationDays,
            simulator.region().regionCode(),
            options.alertingHospitals,
            simulator.region().totalAvailableBeds()),
        start,
        simulated,
        List.of(new Input(PipelineOptions.TOPIC_DEVIATIONS, simulator, DEVIATION_DECODER)),
        // The alerting job places no events in units: it reads no unit reference data.
        null,
        List.of("alert_audit"),
        new WebhookPages(receiver, PipelineOptions.TOPIC_DEVIATIONS),
        latencyStart,
        latencySimulated,
        List.of(
            new Input(
                PipelineOptions.TOPIC_DEVIATIONS,
                deviationSimulator(
                    options,
                    options.alertingHospitals,
                    options.seed + 1,
                    latencyStart,
                    latencySimulated,
                    false),
                DEVIATION_DECODER)),
        null,
        options.alertingLatencySpeed,
        Map.of(PipelineOptions.ALERTING_WEBHOOK_URL, receiver.url()));
  }

  private static Duration latencySimulated(Options options, double speed) {
    return Duration.ofMillis((long) (options.latencyWallTime.toMillis() * speed));
  }

  /** Event times end about when the latency run does, as in production; none in the future. */
  private static Instant latencyStart(Options options, Duration simulated) {
    return Instant.now().minus(simulated).plus(options.latencyWallTime);
  }

  private interface EventTimeOf {
    Instant get() throws UndecodableRecordException;
  }

  private static long eventTime(EventTimeOf decode) {
    try {
      return decode.get().toEpochMilli();
    } catch (UndecodableRecordException e) {
      throw new IllegalStateException("The latency run sends no malformed records", e);
    }
  }

  private static void run(
      Workload w,
      int number,
      int of,
      LocalPipeline pipeline,
      HeapSampler heap,
      GcPauses gc,
      List<String> report)
      throws Exception {
    String step = "[" + number + "/" + of + " " + w.name() + "]";
    int phases = w.latency() == null ? 3 : 4;
    report.add("");
    report.add(w.name().toUpperCase(Locale.ROOT));

    // 1. The data.
    Map<ConfigOption<String>, String> topics = w.topics(w.inputs(), "throughput");
    pipeline.createTopics(topics.values().toArray(String[]::new));
    publishUnits(w, w.region(), "throughput", pipeline, topics);
    say(
        String.format(
            Locale.ROOT,
            "%n%s 1/%d Producing %s to %s ...",
            step,
            phases,
            w.describe(),
            topics.values()));
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
          feed(
              pipeline,
              topics.get(input.topicOption()),
              counted,
              Double.POSITIVE_INFINITY,
              w.start(),
              w.duration());
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

    // 2. The ceiling: consume and decode the same records, nothing else.
    say(
        String.format(
            Locale.ROOT,
            "%n%s 2/%d Ceiling: Kafka consume + Avro decode and validation",
            step,
            phases));
    long ceilingStart = System.nanoTime();
    long decoded = 0;
    for (Input input : w.inputs()) {
      decoded +=
          consumeAndDecode(
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

    // 3. Throughput: the jobs over the same topics, bounded, one stage after the other.
    say(
        String.format(
            Locale.ROOT,
            "%n%s 3/%d Throughput: %s read %s to its end ...",
            step,
            phases,
            String.join(", then ", w.stages().stream().map(Stage::name).toList()),
            topics.values()));
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
        expected += recordsIn(pipeline.bootstrapServers(), w.topicRead(read, topics));
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
          in = Math.max(in, metricSum(pipeline.metricsUrl(), EVENTS_IN_METRIC));
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
            100 * rate / ceilingRate));
    if (w.stages().size() > 1) {
      report.add("  stages, one after the other: " + String.join(", ", stageTimes));
    }
    report.add("  " + cpu);
    List<String> rows = new ArrayList<>();
    for (String table : w.tables()) {
      long stored = pipeline.countRows("sakervard." + table);
      long distinct = pipeline.countRowsDeduplicated("sakervard." + table);
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
            stateSummary(checkpoints.largest())));
    report.add("  garbage collection during the job: " + collections);

    // 4. Latency: a steady feed, each unit's "now" row timed from Kafka to ClickHouse.
    if (w.latency() != null) {
      say(
          String.format(
              Locale.ROOT,
              "%n%s 4/4 Latency: %.1f simulated hours at %,.0f times real time ...",
              step,
              w.latencyDuration().toMinutes() / 60.0,
              w.latencySpeed()));
      report.add(measureLatency(w, pipeline));
    }
  }

  /**
   * Publishes the units of a run's region to a unit reference topic of the run's own (another run's
   * region has other units under the same codes) and points the run's jobs at it, before any of its
   * events are sent: the jobs place every event by it.
   */
  private static void publishUnits(
      Workload w,
      SimulatedRegion region,
      String run,
      LocalPipeline pipeline,
      Map<ConfigOption<String>, String> topics)
      throws Exception {
    if (region == null) {
      return;
    }
    String topic = w.topic(PipelineOptions.TOPIC_UNITS, run);
    pipeline.createUnitsTopic(topic);
    pipeline.publishUnits(topic, region);
    topics.put(PipelineOptions.TOPIC_UNITS, topic);
  }

  private static long feed(
      LocalPipeline pipeline,
      String topic,
      Iterator<SimulatedRecord> records,
      double speed,
      Instant start,
      Duration duration)
      throws InterruptedException {
    try (KafkaFeeder feeder = KafkaFeeder.connect(pipeline.bootstrapServers(), topic)) {
      Timer progress = new Timer(5_000);
      return feeder.feed(
          records,
          speed,
          start,
          p -> {
            if (progress.due()) {
              say("      " + ProgressLine.ofFeed(p, start, duration, false));
            }
          });
    }
  }

  private static String measureLatency(Workload w, LocalPipeline pipeline) throws Exception {
    Map<ConfigOption<String>, String> topics = w.topics(w.latencyInputs(), "latency");
    // Every other topic the jobs read starts empty too: left at the default ones, the jobs would
    // first catch up on what the throughput run wrote there (alerting: millions of indicator
    // values), and the latency measured would be that backlog's, not the steady pace's.
    for (Stage stage : w.stages()) {
      stage.reads().forEach(read -> topics.putIfAbsent(read, w.topic(read, "latency")));
    }
    pipeline.createTopics(topics.values().toArray(String[]::new));
    publishUnits(w, w.latencyRegion(), "latency", pipeline, topics);
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement()) {
      // Every inserted row must stay visible: a background merge keeps only each key's newest.
      s.execute("SYSTEM STOP MERGES sakervard." + w.latency().table());
    }
    w.latency().beforeRun();
    JobClient job =
        pipeline.startJobs(
            pipeline.settings(false, w.jobSettings(topics)),
            w.stages().stream().flatMap(st -> st.jobs().stream()).toArray(LocalJob[]::new));
    List<CompletableFuture<Long>> feeds = new ArrayList<>();
    for (Input input : w.latencyInputs()) {
      feeds.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return feed(
                      pipeline,
                      topics.get(input.topicOption()),
                      input.records(),
                      w.latencySpeed(),
                      w.latencyStart(),
                      w.latencyDuration());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              }));
    }
    long sent = 0;
    for (CompletableFuture<Long> f : feeds) {
      sent += f.get();
    }
    pipeline.awaitSettled(Duration.ofMinutes(2), "sakervard." + w.latency().table());
    job.cancel().get();

    List<Long> latencies = w.latency().latencies(pipeline, topics);
    if (latencies.isEmpty()) {
      return "Latency: no rows to time; run longer (--latency-seconds)";
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "Latency, %s (%,d rows, %,d records at %,.1f/s): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
        w.latency().describe(),
        sorted.length,
        sent,
        sent / (double) w.latencyDuration().toMillis() * w.latencySpeed() * 1000,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  private interface RowLatency {
    void add(ResultSet row, List<Long> latencies) throws SQLException;
  }

  /** Runs the query and collects what {@code latency} makes of each row. */
  private static List<Long> timed(LocalPipeline pipeline, String query, RowLatency latency)
      throws SQLException {
    List<Long> latencies = new ArrayList<>();
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(query)) {
      while (rows.next()) {
        latency.add(rows, latencies);
      }
    }
    return latencies;
  }

  private static String sqlInstant(Instant t) {
    return "fromUnixTimestamp64Milli(toInt64(" + t.toEpochMilli() + "))";
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Reads a topic to its end with one consumer per partition, decoding every record. */
  private static long consumeAndDecode(
      String bootstrap, String topic, Supplier<RecordDecoder<?>> decoders) throws Exception {
    AtomicLong total = new AtomicLong();
    List<CompletableFuture<Void>> readers = new ArrayList<>();
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      TopicPartition tp = new TopicPartition(topic, partition);
      readers.add(
          CompletableFuture.runAsync(
              () -> {
                RecordDecoder<?> decoder = decoders.get();
                readToEnd(
                    bootstrap,
                    tp,
                    r -> {
                      try {
                        decoder.decode(
                            new SourceRecord(r.topic(), r.partition(), r.offset(), r.value()));
                      } catch (RejectedRecordException e) {
                        // A bad record costs the job the same decoding work; it is counted too.
                      }
                      total.incrementAndGet();
                    });
              }));
    }
    CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get();
    return total.get();
  }

  /** The records on a topic: the sum of its partitions' end offsets. */
  private static long recordsIn(String bootstrap, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Reads every partition of a topic to its end. */
  private static void readTopic(LocalPipeline pipeline, String topic, RecordHandler handler) {
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      readToEnd(pipeline.bootstrapServers(), new TopicPartition(topic, partition), handler);
    }
  }

  private interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record);
  }

  private static void readToEnd(String bootstrap, TopicPartition partition, RecordHandler handler) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          handler.handle(r);
        }
      }
    }
  }

  /** The largest checkpoint's size and its largest operator states. */
  private static String stateSummary(CheckpointSizes.Checkpoint largest) {
    if (largest == null) {
      return "no checkpoint completed while it ran";
    }
    return String.format(
        Locale.ROOT,
        "%,.1f MB in the largest checkpoint taken while it ran, of which %s",
        largest.bytes() / 1e6,
        largest.shares().stream()
            .limit(5)
            .map(s -> String.format(Locale.ROOT, "%s %,.1f MB", s.operator(), s.bytes() / 1e6))
            .collect(Collectors.joining(", ")));
  }

  /**
   * A metric of the running job, summed over its subtasks, from its Prometheus endpoint; 0 if
   * unreachable. Only that metric is asked for (the reporter's name filter): the whole exposition
   * (every operator's and Kafka client's metrics of every subtask, 5,194 series and 2.8 MB in a
   * national month) took 1.5 s to serve, and about 6% of the jobs' JVM CPU (JFR thread load) at a
   * scrape every 5 s.
   */
  private static long metricSum(String metricsUrl, String metric) {
    try {
      return (long)
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(metricsUrl + "?name%5B%5D=" + metric)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body()
              .lines()
              .filter(l -> l.startsWith(metric))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void say(String line) {
    System.out.println(line);
  }

  /** True at most once per interval. */
  private static final class Timer {
    private final long intervalNanos;
    private long next;

    Timer(long intervalMillis) {
      this.intervalNanos = intervalMillis * 1_000_000;
      this.next = System.nanoTime() + intervalNanos;
    }

    boolean due() {
      long now = System.nanoTime();
      if (now - next < 0) {
        return false;
      }
      next = now + intervalNanos;
      return true;
    }
  }

  /** Samples used heap every 50 ms and keeps the peak since the last reset. */
  private static final class HeapSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicReference<Long> peak = new AtomicReference<>(0L);

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      Thread thread =
          new Thread(
              () -> {
                while (true) {
                  long used = sampler.current();
                  sampler.peak.accumulateAndGet(used, Math::max);
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
      thread.start();
      return sampler;
    }

    long current() {
      return memory.getHeapMemoryUsage().getUsed();
    }

    long peak() {
      return peak.get();
    }

    void reset() {
      peak.set(current());
    }
  }
}
