package se.sakervard.local.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.kafka.common.TopicPartition;
import se.sakervard.core.config.PipelineOptions;

/**
 * What a run wrote for each input event, job by job: ClickHouse rows sent (repeats of a key
 * included: each costs an INSERT's work) and indicator records sent to the two indicator topics. A
 * job's rows are those of its tables, its indicator records those whose indicator it names ({@code
 * census.}, {@code deviations.}, {@code infections.}, {@code alerting.}); its input events the
 * records on its input topic. The alerting job reads the other jobs' output, not an input topic of
 * its own: its figures are per input event of the whole run.
 */
final class Amplification {
  /** The jobs, in the order the report names them. */
  private static final List<String> JOBS =
      List.of("census", "deviations", "infections", "alerting");

  private Amplification() {}

  /** The job that writes a table. */
  static String jobOf(String table) {
    if (table.startsWith("census_")) {
      return "census";
    }
    if (table.startsWith("deviation_")) {
      return "deviations";
    }
    if (table.startsWith("alert_") || table.startsWith("here_and_now_")) {
      return "alerting";
    }
    return "infections";
  }

  /**
   * The job whose input an input topic is; null for another job's output that a workload feeds (the
   * census's patient days for the infection job alone).
   */
  static String jobReading(ConfigOption<String> topic) {
    if (topic.equals(PipelineOptions.TOPIC_CENSUS)) {
      return "census";
    }
    if (topic.equals(PipelineOptions.TOPIC_DEVIATIONS)) {
      return "deviations";
    }
    if (topic.equals(PipelineOptions.TOPIC_INFECTIONS)) {
      return "infections";
    }
    return null;
  }

  /** Indicator records sent since {@code from} (end offsets taken before), by job. */
  static Map<String, Long> indicatorRecordsSince(String bootstrap, Map<TopicPartition, Long> from) {
    Map<String, Long> byJob = new TreeMap<>();
    from.forEach(
        (partition, offset) ->
            Topics.readFrom(
                bootstrap,
                partition,
                offset,
                r -> {
                  String key = new String(r.key(), StandardCharsets.UTF_8);
                  byJob.merge(key.substring(0, Math.max(0, key.indexOf('.'))), 1L, Long::sum);
                }));
    return byJob;
  }

  /**
   * The report's lines: per job, its input events, ClickHouse rows and indicator records, and each
   * per input event; then the whole run's.
   *
   * @param inputs input events per job (the records on its input topic)
   */
  static List<String> lines(
      Map<String, Long> inputs, SinkTotals rows, Map<String, Long> indicatorRecords) {
    Map<String, Long> rowsByJob = new TreeMap<>();
    rows.rows().forEach((table, n) -> rowsByJob.merge(jobOf(table), n, Long::sum));
    long allInputs = inputs.values().stream().mapToLong(Long::longValue).sum();
    List<String> lines = new ArrayList<>();
    for (String job : JOBS) {
      long r = rowsByJob.getOrDefault(job, 0L);
      long v = indicatorRecords.getOrDefault(job, 0L);
      if (r == 0 && v == 0) {
        continue;
      }
      Long in = inputs.get(job);
      long per = in == null ? allInputs : in;
      lines.add(
          String.format(
              Locale.ROOT,
              "%s: %s → %,d ClickHouse rows (%.2f per %s), %,d indicator records (%.2f per %s)",
              job,
              in == null
                  ? "the other jobs' output"
                  : String.format(Locale.ROOT, "%,d input events", in),
              r,
              (double) r / per,
              in == null ? "input event of the run" : "input event",
              v,
              (double) v / per,
              in == null ? "input event of the run" : "input event"));
    }
    long allRows = rows.totalRows();
    long allRecords = indicatorRecords.values().stream().mapToLong(Long::longValue).sum();
    lines.add(
        String.format(
            Locale.ROOT,
            "all jobs: %,d input events → %,d ClickHouse rows (%.2f per input event), %,d indicator"
                + " records (%.2f per input event)",
            allInputs,
            allRows,
            (double) allRows / allInputs,
            allRecords,
            (double) allRecords / allInputs));
    return lines;
  }
}
