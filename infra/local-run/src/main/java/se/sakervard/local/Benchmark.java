package se.sakervard.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import se.sakervard.deviations.DeviationDecoder;
import se.sakervard.local.LocalPipeline.LocalJob;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.DeviationFaultRates;
import se.sakervard.simulator.DeviationSimulationConfig;
import se.sakervard.simulator.DeviationSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.RecordKind;
import se.sakervard.simulator.SimulatedRecord;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulationConfig;

/**
 * Measures the jobs on the embedded local stack and prints their figures. For the census job (a
 * region's census over some days) and then the deviation job (a regional year of deviation cases):
 *
 * <ol>
 *   <li>the simulated records are produced to a topic as fast as the broker takes them;
 *   <li>ceiling: the same topic read by plain Kafka consumers (one per partition, as many as the
 *       job's parallelism) that decode and validate each record as the job's first step does;
 *   <li>throughput: the job reads the whole topic as a bounded job, Kafka → Flink → ClickHouse and
 *       the indicators topic; events/s over the job's wall time, and the state's size (the largest
 *       full checkpoint taken while it ran);
 *   <li>latency: the job on a fresh topic fed at a steady pace; for every row of its "now" table
 *       ({@code census_current}, {@code deviation_backlog}) at unit level, the time from its event
 *       entering Kafka (the record's timestamp, set by the producer when it sent it) to the row
 *       being stored in ClickHouse ({@code inserted_at}, set by the server).
 * </ol>
 *
 * Heap is sampled every 50 ms throughout; the mini cluster runs in this JVM, so the peak is the
 * job's and the benchmark's together.
 */
public final class Benchmark {
  private static final String EVENTS_IN_METRIC =
      "flink_taskmanager_job_task_operator_stream_sakervard_events_in_count";
  private static final String CHECKPOINT_SIZE_METRIC =
      "flink_jobmanager_job_lastCheckpointFullSize";

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
      double deviationLatencySpeed) {
    static final String USAGE =
        """
        Usage: infra/benchmark [--hospitals N] [--days N] [--seed N] [--latency-speed X] [--latency-seconds N]
                               [--deviation-hospitals N] [--deviation-days N] [--deviation-reports N]
                               [--deviation-latency-speed X]

          --hospitals N                census: region size, about 330 beds each (60 ≈ Sweden)  default 20
          --days N                     census: simulated days for the throughput run         default 90
          --seed N                     the same seed gives the same region (events end now)  default 42
          --latency-speed X            census: simulated seconds per second, latency run      default 600
          --latency-seconds N          wall-clock length of each latency run                  default 60
          --deviation-hospitals N      deviations: region size                                default 2
          --deviation-days N           deviations: simulated days for the throughput run      default 365
          --deviation-reports N        deviations: reports a year in the region (a region of
                                       270,000 inhabitants reported 14,615 in 2024)          default 14615
          --deviation-latency-speed X  deviations: simulated seconds per second, latency run  default 14400
        """;

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
                Double.parseDouble(values.getOrDefault("--deviation-latency-speed", "14400")));
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
            || !(options.days > 0)
            || !(options.deviationDays > 0)
            || !(options.latencySpeed > 0)
            || !(options.deviationLatencySpeed > 0)
            || options.latencyWallTime.isNegative()) {
          throw new IllegalArgumentException("every option must be positive");
        }
        return options;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + e.getMessage());
      }
    }
  }

  /**
   * One job's benchmark: its simulated input, the decoder of its first step, and its tables.
   *
   * @param nowTable the table of "now" rows timed in the latency run: as_of is the event time
   * @param input the throughput run's records
   * @param latencyInput the latency run's records, sent at {@code latencySpeed}
   */
  private record Workload(
      LocalJob job,
      String describe,
      Instant start,
      Duration duration,
      Iterator<SimulatedRecord> input,
      Supplier<RecordDecoder<?>> decoder,
      ToLongFunction<byte[]> eventTime,
      List<String> tables,
      String nowTable,
      Instant latencyStart,
      Duration latencyDuration,
      Iterator<SimulatedRecord> latencyInput,
      double latencySpeed,
      Instant measuredFrom) {

    String name() {
      return job.name().toLowerCase(Locale.ROOT);
    }

    String topic(String run) {
      return "bench-" + name() + "-" + run;
    }

    ConfigOption<String> topicOption() {
      return job == LocalJob.CENSUS
          ? PipelineOptions.TOPIC_CENSUS
          : PipelineOptions.TOPIC_DEVIATIONS;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = LocalCommand.parseOrExit(args, Options::parse, Options.USAGE);
    HeapSampler heap = HeapSampler.start();
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
          List<Workload> workloads = List.of(census(options), deviations(options));
          for (int i = 0; i < workloads.size(); i++) {
            run(workloads.get(i), i + 1, workloads.size(), pipeline, heap, report);
          }
          System.out.println();
          System.out.println("Benchmark figures");
          report.forEach(line -> System.out.println("  " + line));
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
    Duration latencySimulated = latencySimulated(options, options.latencySpeed);
    Instant latencyStart = latencyStart(options, latencySimulated);
    SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
    return new Workload(
        LocalJob.CENSUS,
        String.format(
            Locale.ROOT,
            "%.0f days of region %s's census (%d hospitals, %,d available beds, typical faults)",
            options.days,
            simulator.region().regionCode(),
            options.hospitals,
            simulator.region().totalAvailableBeds()),
        config.start(),
        config.duration(),
        simulator,
        () -> new CensusDecoder(PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC()),
        value -> eventTime(() -> codec.decode(value).getEnvelope().getEventTime()),
        List.of("census_current", "census_figures"),
        "census_current",
        latencyStart,
        latencySimulated,
        new CensusSimulator(
            new SimulationConfig(
                options.hospitals,
                options.seed + 1,
                latencyStart,
                latencySimulated,
                FaultRates.none())),
        options.latencySpeed,
        // The initial census arrives as one burst at the start; latency is measured after it.
        latencyStart.plus(Duration.ofMinutes(1)));
  }

  /**
   * A regional year (by default) of deviation cases, ending now, with typical faults; the region's
   * units report {@code --deviation-reports} a year between them.
   */
  private static Workload deviations(Options options) {
    Duration simulated = Duration.ofSeconds(Math.round(options.deviationDays * 86_400));
    double reportsPerBedYear =
        (double) options.deviationReports
            / SimulatedRegion.generate(options.deviationHospitals, options.seed)
                .totalAvailableBeds();
    DeviationSimulationConfig config =
        new DeviationSimulationConfig(
            options.deviationHospitals,
            options.seed,
            Instant.now().minus(simulated),
            simulated,
            reportsPerBedYear,
            FaultRates.typical(),
            DeviationFaultRates.typical());
    DeviationSimulator simulator = new DeviationSimulator(config);
    Duration latencySimulated = latencySimulated(options, options.deviationLatencySpeed);
    Instant latencyStart = latencyStart(options, latencySimulated);
    SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);
    return new Workload(
        LocalJob.DEVIATIONS,
        String.format(
            Locale.ROOT,
            "%.0f days of region %s's deviation cases (%d hospitals, %,d available beds,"
                + " %,d reports a year, typical faults)",
            options.deviationDays,
            simulator.region().regionCode(),
            options.deviationHospitals,
            simulator.region().totalAvailableBeds(),
            options.deviationReports),
        config.start(),
        config.duration(),
        simulator,
        () ->
            new DeviationDecoder(PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC()),
        value -> eventTime(() -> codec.decode(value).getEnvelope().getEventTime()),
        List.of(
            "deviation_cases",
            "deviation_monthly",
            "deviation_backlog",
            "deviation_daily",
            "deviation_reported_rolling"),
        "deviation_backlog",
        latencyStart,
        latencySimulated,
        new DeviationSimulator(
            new DeviationSimulationConfig(
                options.deviationHospitals,
                options.seed + 1,
                latencyStart,
                latencySimulated,
                reportsPerBedYear,
                FaultRates.none(),
                DeviationFaultRates.none())),
        options.deviationLatencySpeed,
        latencyStart);
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
      Workload w, int number, int of, LocalPipeline pipeline, HeapSampler heap, List<String> report)
      throws Exception {
    String step = "[" + number + "/" + of + " " + w.name() + "]";
    report.add("");
    report.add(w.name().toUpperCase(Locale.ROOT));

    // 1. The data.
    String topic = w.topic("throughput");
    pipeline.createTopics(topic);
    say(String.format(Locale.ROOT, "%n%s 1/4 Producing %s to %s ...", step, w.describe(), topic));
    long produceStart = System.nanoTime();
    Map<RecordKind, Long> kinds = new EnumMap<>(RecordKind.class);
    Iterator<SimulatedRecord> counted =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return w.input().hasNext();
          }

          @Override
          public SimulatedRecord next() {
            SimulatedRecord r = w.input().next();
            kinds.merge(r.kind(), 1L, Long::sum);
            return r;
          }
        };
    long records =
        feed(pipeline, topic, counted, Double.POSITIVE_INFINITY, w.start(), w.duration());
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
            Locale.ROOT, "%n%s 2/4 Ceiling: Kafka consume + Avro decode and validation", step));
    long ceilingStart = System.nanoTime();
    long decoded = consumeAndDecode(pipeline.bootstrapServers(), topic, w.decoder());
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

    // 3. Throughput: the whole job over the same topic, bounded.
    say(
        String.format(
            Locale.ROOT,
            "%n%s 3/4 Throughput: the %s job reads %s to its end ...",
            step,
            w.name(),
            topic));
    System.gc();
    heap.reset();
    long jobStart = System.nanoTime();
    JobClient job =
        pipeline.startJobs(pipeline.settings(true, Map.of(w.topicOption(), topic)), w.job());
    CompletableFuture<?> finished = job.getJobExecutionResult();
    Timer progress = new Timer(5_000);
    long stateBytes = 0;
    while (!finished.isDone()) {
      Thread.sleep(200);
      if (progress.due()) {
        long in = metricSum(pipeline.metricsUrl(), EVENTS_IN_METRIC);
        stateBytes = Math.max(stateBytes, metricSum(pipeline.metricsUrl(), CHECKPOINT_SIZE_METRIC));
        say(
            "      "
                + ProgressLine.of(
                    in,
                    "events in",
                    (double) in / records,
                    Duration.ofNanos(System.nanoTime() - jobStart)));
      }
    }
    finished.get();
    double jobSeconds = seconds(jobStart);
    long peakHeap = heap.peak();
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
    List<String> rows = new ArrayList<>();
    for (String table : w.tables()) {
      rows.add(
          String.format(Locale.ROOT, "%,d %s", pipeline.countRows("sakervard." + table), table));
    }
    report.add("  rows written to ClickHouse: " + String.join(", ", rows));
    report.add(
        String.format(
            Locale.ROOT,
            "  heap: peak %,d MB used during the job, %,d MB live after it (after a full GC);"
                + " state: %s",
            peakHeap >> 20,
            heapAfter >> 20,
            stateBytes > 0
                ? String.format(
                    Locale.ROOT,
                    "%,.1f MB in the largest checkpoint taken while it ran",
                    stateBytes / 1e6)
                : "no checkpoint completed while it ran"));

    // 4. Latency: a steady feed, each unit's "now" row timed from Kafka to ClickHouse.
    say(
        String.format(
            Locale.ROOT,
            "%n%s 4/4 Latency: %.1f simulated hours at %,.0f times real time ...",
            step,
            w.latencyDuration().toMinutes() / 60.0,
            w.latencySpeed()));
    report.add(measureLatency(w, pipeline));
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
    String topic = w.topic("latency");
    pipeline.createTopics(topic);
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement()) {
      // Every inserted row must stay visible: a background merge keeps only each key's newest.
      s.execute("SYSTEM STOP MERGES sakervard." + w.nowTable());
    }
    JobClient job =
        pipeline.startJobs(pipeline.settings(false, Map.of(w.topicOption(), topic)), w.job());
    long sent =
        feed(
            pipeline,
            topic,
            w.latencyInput(),
            w.latencySpeed(),
            w.latencyStart(),
            w.latencyDuration());
    pipeline.awaitSettled(Duration.ofMinutes(2), "sakervard." + w.nowTable());
    job.cancel().get();

    Map<Long, Long> sentAtByEventTime = kafkaTimestampsByEventTime(pipeline, topic, w.eventTime());
    List<Long> latencies = new ArrayList<>();
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT toUnixTimestamp64Milli(as_of), toUnixTimestamp64Milli(inserted_at)"
                    + " FROM sakervard."
                    + w.nowTable()
                    + " WHERE level = 'UNIT' AND as_of >= "
                    + "fromUnixTimestamp64Milli(toInt64("
                    + w.measuredFrom().toEpochMilli()
                    + "))")) {
      while (rows.next()) {
        // Rows of timers (ageing) have no event of their instant and are not timed.
        Long sentAt = sentAtByEventTime.get(rows.getLong(1));
        if (sentAt != null) {
          latencies.add(rows.getLong(2) - sentAt);
        }
      }
    }
    if (latencies.isEmpty()) {
      return "Latency: no unit rows to time; run longer (--latency-seconds)";
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "Latency, event into Kafka → row stored in ClickHouse %s (%,d unit rows, %,d records at"
            + " %,.1f/s): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
        w.nowTable(),
        sorted.length,
        sent,
        sent / (double) w.latencyDuration().toMillis() * w.latencySpeed() * 1000,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
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

  /** Each event time's earliest Kafka timestamp: when the first event of that instant was sent. */
  private static Map<Long, Long> kafkaTimestampsByEventTime(
      LocalPipeline pipeline, String topic, ToLongFunction<byte[]> eventTime) {
    Map<Long, Long> result = new HashMap<>();
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      readToEnd(
          pipeline.bootstrapServers(),
          new TopicPartition(topic, partition),
          r -> result.merge(eventTime.applyAsLong(r.value()), r.timestamp(), Math::min));
    }
    return result;
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

  /** A metric of the running job, summed over its subtasks, from its Prometheus endpoint. */
  private static long metricSum(String metricsUrl, String metric) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return (long)
          body.lines()
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
