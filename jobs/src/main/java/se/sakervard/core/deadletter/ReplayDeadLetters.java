package se.sakervard.core.deadletter;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.Replay;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Sends dead letters' original records back to the topic they came from, so that the figures count
 * them once what stopped them is fixed (a unit added to the reference data, a mapping corrected).
 *
 * <p>Reads the dead-letter topic from its beginning to where it ended when the command started,
 * selects by source topic, reason, job and when the record was dead-lettered, and sends each
 * selected dead letter's record as it arrived, to the partition it came from, marked as a replay of
 * that dead letter ({@link Replay}): the job that dead-lettered it admits it once, however often it
 * is replayed, and the other jobs reading the topic ignore it. A dead letter written twice (a job
 * restarted after writing it) is sent once. Undeliverable pages and dead letters kept without their
 * record (it held a personal identity number) are never sent. Usage: docs/operations.md, "Replaying
 * dead letters".
 */
public final class ReplayDeadLetters {
  private static final SingleObjectCodec<DeadLetter> CODEC = SingleObjectCodec.of(DeadLetter.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private ReplayDeadLetters() {}

  /**
   * Which dead letters to replay.
   *
   * @param topic the input topic they came from, and go back to
   * @param reasons the reasons to replay; empty: every reason but UNDELIVERABLE
   * @param job the job that dead-lettered them; null: any
   * @param from dead-lettered at or after (the dead letter's Kafka timestamp); null: any time
   * @param until dead-lettered before; null: any time
   */
  public record Selection(
      String topic, Set<DeadLetterReason> reasons, String job, Instant from, Instant until) {
    public Selection {
      if (reasons.contains(DeadLetterReason.UNDELIVERABLE)) {
        throw new IllegalArgumentException(
            "UNDELIVERABLE dead letters are pages, not input records: send them to the webhook by"
                + " hand with their Idempotency-Key (docs/alerting.md)");
      }
    }

    boolean matches(DeadLetter d, long deadLetteredAt) {
      return d.getReason() != DeadLetterReason.UNDELIVERABLE
          && d.getSourceTopic().equals(topic)
          && (reasons.isEmpty() || reasons.contains(d.getReason()))
          && (job == null || d.getJob().equals(job))
          && (from == null || deadLetteredAt >= from.toEpochMilli())
          && (until == null || deadLetteredAt < until.toEpochMilli());
    }
  }

  /**
   * What a replay did.
   *
   * @param read dead letters read
   * @param selected the records selected, by reason: sent back unless a dry run
   * @param repeated selected dead letters written more than once, sent once
   * @param withoutRecord selected but kept without their record, never sent
   * @param unreadable records on the dead-letter topic that are no dead letter
   * @param sent whether the selected records were sent (false: a dry run)
   */
  public record Report(
      long read,
      Map<DeadLetterReason, Long> selected,
      long repeated,
      long withoutRecord,
      long unreadable,
      boolean sent) {
    public long selectedTotal() {
      return selected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Replays the selected dead letters; {@code dryRun}: selects and reports, sends nothing. */
  public static Report replay(
      PipelineSettings settings, Selection selection, boolean dryRun, PrintStream progress)
      throws InterruptedException, ExecutionException {
    String deadLetters = settings.get(PipelineOptions.TOPIC_DEAD_LETTERS);
    Map<String, DeadLetter> chosen = new HashMap<>();
    List<String> order = new ArrayList<>();
    long read = 0;
    long repeated = 0;
    long withoutRecord = 0;
    long unreadable = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(settings))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(deadLetters).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
      long total = ends.values().stream().mapToLong(Long::longValue).sum();
      long reported = System.nanoTime();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          read++;
          DeadLetter d;
          try {
            d = CODEC.decode(r.value());
          } catch (UndecodableRecordException e) {
            unreadable++;
            continue;
          }
          if (!selection.matches(d, r.timestamp())) {
            continue;
          }
          if (d.getRawValue() == null) {
            withoutRecord++;
          } else if (chosen.putIfAbsent(DeadLetters.keyOf(d), d) != null) {
            repeated++;
          } else {
            order.add(DeadLetters.keyOf(d));
          }
        }
        if (System.nanoTime() - reported > 1_000_000_000L) {
          progress.printf("  read %,d of %,d dead letters%n", read, total);
          reported = System.nanoTime();
        }
      }
    }
    Map<DeadLetterReason, Long> selected = new TreeMap<>();
    for (String key : order) {
      selected.merge(chosen.get(key).getReason(), 1L, Long::sum);
    }
    if (!dryRun && !order.isEmpty()) {
      List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(settings))) {
        int partitions = producer.partitionsFor(selection.topic()).size();
        for (String key : order) {
          DeadLetter d = chosen.get(key);
          byte[] value = new byte[d.getRawValue().remaining()];
          d.getRawValue().duplicate().get(value);
          ProducerRecord<byte[], byte[]> record =
              new ProducerRecord<>(
                  selection.topic(),
                  d.getPartition() >= 0 && d.getPartition() < partitions ? d.getPartition() : null,
                  null,
                  value);
          new Replay(d.getJob(), key).addTo(record.headers());
          acknowledgements.add(producer.send(record));
        }
        producer.flush();
        for (Future<RecordMetadata> acknowledged : acknowledgements) {
          acknowledged.get(); // a record the broker did not take fails the command
        }
      }
    }
    return new Report(read, selected, repeated, withoutRecord, unreadable, !dryRun);
  }

  private static Map<String, Object> consumerConfig(PipelineSettings settings) {
    Map<String, Object> config = new HashMap<>(settings.kafkaClientProperties());
    config.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sakervard-replay-dead-letters");
    return config;
  }

  private static Map<String, Object> producerConfig(PipelineSettings settings) {
    Map<String, Object> config = new HashMap<>(settings.kafkaClientProperties());
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "sakervard-replay-dead-letters");
    return config;
  }

  /** The report as the command prints it. */
  public static String describe(Selection selection, Report report) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Read %,d dead letters; %s %,d record(s) back to %s%s%n",
            report.read(),
            report.sent() ? "sent" : "would send (dry run)",
            report.selectedTotal(),
            selection.topic(),
            report.selected().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", report.selected().isEmpty() ? "" : ": ", ""))));
    if (report.repeated() > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %,d dead letter(s) written twice by a restarted job: sent once%n",
              report.repeated()));
    }
    if (report.withoutRecord() > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %,d dead letter(s) kept without their record (it held a personal identity"
                  + " number): the source must send them again%n",
              report.withoutRecord()));
    }
    if (report.unreadable() > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %,d record(s) on the dead-letter topic are no dead letter: skipped%n",
              report.unreadable()));
    }
    if (report.sent() && report.selectedTotal() > 0) {
      s.append(
          "  Each is marked as a replay of its dead letter: the job that dead-lettered it counts it"
              + " once, however often it is replayed; the other jobs ignore it.\n");
    }
    return s.toString();
  }

  /**
   * {@code --topic <input topic> [--reason R[,R…]] [--job <job>] [--from <instant>] [--until
   * <instant>] [--dry-run]}, then the pipeline's settings as the jobs take them ({@code
   * --kafka.bootstrap-servers …}, {@code --config <file>}).
   */
  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      System.err.println(
          "error: "
              + e.getMessage()
              + (e instanceof DateTimeParseException
                  ? " (an ISO-8601 instant, e.g. 2026-03-02T06:00:00Z)"
                  : ""));
      System.exit(2);
    }
  }

  private static void run(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean dryRun = rest.remove("--dry-run");
    String topic = take(rest, "--topic");
    if (topic == null) {
      System.err.println(
          "Usage: ReplayDeadLetters --topic <input topic> [--reason INVALID,TOO_LATE,…] [--job"
              + " <job>] [--from <ISO instant>] [--until <ISO instant>] [--dry-run]"
              + " --kafka.bootstrap-servers <host:port> [--topic.dead-letters <topic>]"
              + " (docs/operations.md, \"Replaying dead letters\")");
      System.exit(2);
    }
    Set<DeadLetterReason> reasons = reasons(take(rest, "--reason"));
    String job = take(rest, "--job");
    String from = take(rest, "--from");
    String until = take(rest, "--until");
    Selection selection =
        new Selection(
            topic,
            reasons,
            job,
            from == null ? null : Instant.parse(from),
            until == null ? null : Instant.parse(until));
    PipelineSettings settings = PipelineSettings.fromArgs(rest.toArray(String[]::new));
    Report report = replay(settings, selection, dryRun, System.err);
    System.out.print(describe(selection, report));
  }

  private static String take(List<String> args, String flag) {
    int i = args.indexOf(flag);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return value;
  }

  static Set<DeadLetterReason> reasons(String list) {
    Set<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
    if (list == null) {
      return reasons;
    }
    for (String name : list.split(",")) {
      try {
        reasons.add(DeadLetterReason.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown reason '" + name + "': one of " + Arrays.toString(DeadLetterReason.values()));
      }
    }
    return reasons;
  }
}
