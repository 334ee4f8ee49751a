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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import se.sakervard.census.CensusDecoder;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulationConfig;

/**
 * Measures the census pipeline on the embedded local stack and prints its figures:
 *
 * <ol>
 *   <li>the simulated region's records are produced to a topic as fast as the broker takes them;
 *   <li>ceiling: the same topic read by plain Kafka consumers (one per partition, as many as the
 *       job's parallelism) that decode and validate each record as the job's first step does;
 *   <li>throughput: the census job reads the whole topic as a bounded job, Kafka → Flink →
 *       ClickHouse and the indicators topic; events/s over the job's wall time;
 *   <li>latency: a second job on a fresh topic fed at a steady pace; for every unit's current row,
 *       the time from its event entering Kafka (the record's timestamp, set by the producer when it
 *       sent it) to the row being stored in ClickHouse ({@code inserted_at}, set by the server).
 * </ol>
 *
 * Heap is sampled every 50 ms throughout; the mini cluster runs in this JVM, so the peak is the
 * job's and the benchmark's together.
 */
public final class Benchmark {
  private static final String THROUGHPUT_TOPIC = "bench-census";
  private static final String LATENCY_TOPIC = "bench-latency";
  private static final String EVENTS_IN_METRIC =
      "flink_taskmanager_job_task_operator_stream_sakervard_events_in_count";

  private Benchmark() {}

  /** The benchmark's command line. */
  record Options(
      int hospitals, double days, long seed, double latencySpeed, Duration latencyWallTime) {
    static final String USAGE =
        """
        Usage: infra/benchmark [--hospitals N] [--days N] [--seed N] [--latency-speed X] [--latency-seconds N]

          --hospitals N        region size, about 330 available beds each (60 ≈ Sweden)  default 20
          --days N             simulated days for the throughput run                    default 90
          --seed N             the same seed gives the same region (events end now)     default 42
          --latency-speed X    simulated seconds per second in the latency run          default 600
          --latency-seconds N  wall-clock length of the latency run                     default 60
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
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("--latency-seconds", "60"))));
        values.keySet().stream()
            .filter(k -> !USAGE.contains(k + " "))
            .findFirst()
            .ifPresent(
                k -> {
                  throw new IllegalArgumentException("unknown option " + k);
                });
        if (options.hospitals < 1
            || !(options.days > 0)
            || !(options.latencySpeed > 0)
            || options.latencyWallTime.isNegative()) {
          throw new IllegalArgumentException("every option must be positive");
        }
        return options;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + e.getMessage());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = LocalCommand.parseOrExit(args, Options::parse, Options.USAGE);
    HeapSampler heap = HeapSampler.start();
    LocalCommand.runOnFreshStack(
        "benchmark",
        pipeline -> {
          List<String> report = new ArrayList<>();
          run(options, pipeline, heap, report);
          System.out.println();
          System.out.println("Benchmark figures");
          report.forEach(line -> System.out.println("  " + line));
        });
  }

  private static void run(
      Options options, LocalPipeline pipeline, HeapSampler heap, List<String> report)
      throws Exception {
    report.add(
        String.format(
            Locale.ROOT,
            "Machine: %d cores, JVM heap limit %,d MB, Java %s",
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20,
            System.getProperty("java.version")));

    // 1. The data: a region's census for the simulated days, ending now, with typical faults.
    Duration simulated = Duration.ofSeconds(Math.round(options.days * 86_400));
    SimulationConfig config =
        new SimulationConfig(
            options.hospitals,
            options.seed,
            Instant.now().minus(simulated),
            simulated,
            FaultRates.typical());
    CensusSimulator simulator = new CensusSimulator(config);
    pipeline.createTopics(THROUGHPUT_TOPIC);
    say(
        String.format(
            Locale.ROOT,
            "%n[1/4] Producing %.0f days of region %s (%d hospitals, %,d available beds) to %s ...",
            options.days,
            simulator.region().regionCode(),
            options.hospitals,
            simulator.region().totalAvailableBeds(),
            THROUGHPUT_TOPIC));
    long produceStart = System.nanoTime();
    long records;
    try (KafkaFeeder feeder = KafkaFeeder.connect(pipeline.bootstrapServers(), THROUGHPUT_TOPIC)) {
      Timer progress = new Timer(5_000);
      records =
          feeder.feed(
              simulator,
              Double.POSITIVE_INFINITY,
              p -> {
                if (progress.due()) {
                  say("      " + ProgressLine.ofFeed(p, config, false));
                }
              });
    }
    double produceSeconds = seconds(produceStart);
    report.add(
        String.format(
            Locale.ROOT,
            "Input: %,d census records (%.0f days, %d hospitals, %,d beds, typical faults),"
                + " simulated and produced in %.1f s (%,.0f records/s)",
            records,
            options.days,
            options.hospitals,
            simulator.region().totalAvailableBeds(),
            produceSeconds,
            records / produceSeconds));

    // 2. The ceiling: consume and decode the same records, nothing else.
    say("\n[2/4] Ceiling: Kafka consume + Avro decode and validation of " + THROUGHPUT_TOPIC);
    heap.reset();
    long ceilingStart = System.nanoTime();
    long decoded = consumeAndDecode(pipeline.bootstrapServers(), THROUGHPUT_TOPIC);
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
    say("\n[3/4] Throughput: the census job reads " + THROUGHPUT_TOPIC + " to its end ...");
    System.gc();
    heap.reset();
    long jobStart = System.nanoTime();
    JobClient job = pipeline.startCensusJob(pipeline.settings(THROUGHPUT_TOPIC, true));
    CompletableFuture<?> finished = job.getJobExecutionResult();
    Timer progress = new Timer(5_000);
    while (!finished.isDone()) {
      Thread.sleep(200);
      if (progress.due()) {
        long in = eventsIn(pipeline.metricsUrl());
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
    long currentRows = pipeline.countRows("sakervard.census_current");
    long figureRows = pipeline.countRows("sakervard.census_figures");
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
    report.add(
        String.format(
            Locale.ROOT,
            "  rows written to ClickHouse: %,d census_current, %,d census_figures",
            currentRows,
            figureRows));
    report.add(
        String.format(
            Locale.ROOT,
            "  heap: peak %,d MB used during the job, %,d MB live after it (after a full GC)",
            peakHeap >> 20,
            heapAfter >> 20));

    // 4. Latency: a steady feed, each unit's current row timed from Kafka to ClickHouse.
    report.add(measureLatency(options, pipeline));
  }

  private static String measureLatency(Options options, LocalPipeline pipeline) throws Exception {
    Duration simulated =
        Duration.ofMillis((long) (options.latencyWallTime.toMillis() * options.latencySpeed));
    // Event times end about when the run does, as in production; none lies in the future.
    Instant start = Instant.now().minus(simulated).plus(options.latencyWallTime);
    // The initial census arrives as one burst at the start; latency is measured after it.
    Instant measuredFrom = start.plus(Duration.ofMinutes(1));
    say(
        String.format(
            Locale.ROOT,
            "%n[4/4] Latency: %.1f simulated hours at %,.0f times real time into %s ...",
            simulated.toMinutes() / 60.0,
            options.latencySpeed,
            LATENCY_TOPIC));
    pipeline.createTopics(LATENCY_TOPIC);
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement()) {
      // Every inserted row must stay visible: a background merge keeps only each key's newest.
      s.execute("SYSTEM STOP MERGES sakervard.census_current");
    }
    JobClient job = pipeline.startCensusJob(pipeline.settings(LATENCY_TOPIC, false));
    SimulationConfig config =
        new SimulationConfig(
            options.hospitals, options.seed + 1, start, simulated, FaultRates.none());
    long sent;
    try (KafkaFeeder feeder = KafkaFeeder.connect(pipeline.bootstrapServers(), LATENCY_TOPIC)) {
      Timer progress = new Timer(10_000);
      sent =
          feeder.feed(
              new CensusSimulator(config),
              options.latencySpeed,
              p -> {
                if (progress.due()) {
                  say("      " + ProgressLine.ofFeed(p, config, false));
                }
              });
    }
    pipeline.awaitSettled(Duration.ofMinutes(2));
    job.cancel().get();

    Map<Long, Long> sentAtByEventTime = kafkaTimestampsByEventTime(pipeline, LATENCY_TOPIC);
    List<Long> latencies = new ArrayList<>();
    try (Connection c = pipeline.clickHouse();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT toUnixTimestamp64Milli(as_of), toUnixTimestamp64Milli(inserted_at)"
                    + " FROM sakervard.census_current WHERE level = 'UNIT' AND as_of >= "
                    + "fromUnixTimestamp64Milli(toInt64("
                    + measuredFrom.toEpochMilli()
                    + "))")) {
      while (rows.next()) {
        Long sentAt = sentAtByEventTime.get(rows.getLong(1));
        if (sentAt != null) {
          latencies.add(rows.getLong(2) - sentAt);
        }
      }
    }
    if (latencies.isEmpty()) {
      return "Latency: no unit rows after the initial census; run longer (--latency-seconds)";
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "Latency, event into Kafka → row stored in ClickHouse (%,d unit rows, %,d records at"
            + " %,.1f/s): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
        sorted.length,
        sent,
        sent / (double) options.latencyWallTime.toSeconds(),
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
  private static long consumeAndDecode(String bootstrap, String topic) throws Exception {
    AtomicLong total = new AtomicLong();
    List<CompletableFuture<Void>> readers = new ArrayList<>();
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      TopicPartition tp = new TopicPartition(topic, partition);
      readers.add(
          CompletableFuture.runAsync(
              () -> {
                CensusDecoder decoder =
                    new CensusDecoder(
                        PipelineOptions.MAX_FUTURE_SKEW.defaultValue(), Clock.systemUTC());
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
  private static Map<Long, Long> kafkaTimestampsByEventTime(LocalPipeline pipeline, String topic) {
    SingleObjectCodec<CensusEvent> codec = SingleObjectCodec.of(CensusEvent.class);
    Map<Long, Long> result = new HashMap<>();
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      readToEnd(
          pipeline.bootstrapServers(),
          new TopicPartition(topic, partition),
          r -> {
            try {
              long eventTime = codec.decode(r.value()).getEnvelope().getEventTime().toEpochMilli();
              result.merge(eventTime, r.timestamp(), Math::min);
            } catch (UndecodableRecordException e) {
              throw new IllegalStateException("The latency run sends no malformed records", e);
            }
          });
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

  /** The job's decoded events so far, summed over its subtasks, from its Prometheus endpoint. */
  private static long eventsIn(String metricsUrl) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return (long)
          body.lines()
              .filter(l -> l.startsWith(EVENTS_IN_METRIC))
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
