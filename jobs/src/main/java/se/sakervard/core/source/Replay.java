package se.sakervard.core.source;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The mark of a record sent back to its input topic from the dead letters ({@code
 * ReplayDeadLetters}): the job that dead-lettered it, and the dead letter's key (the original
 * record's topic/partition/offset). Carried in two Kafka headers, so the record itself stays as it
 * arrived. That job admits a replayed record once per dead letter even though it has seen its event
 * id (the original was dead-lettered, not counted); every other job reading the topic has handled
 * the original and ignores it (docs/operations.md, "Replaying dead letters").
 */
public record Replay(String job, String of) {
  public static final String JOB_HEADER = "sakervard-replay-job";
  public static final String OF_HEADER = "sakervard-replay-of";

  /** The mark in {@code headers}, or null when the record is no replay. */
  public static Replay from(Headers headers) {
    String job = text(headers.lastHeader(JOB_HEADER));
    String of = text(headers.lastHeader(OF_HEADER));
    return job == null || of == null ? null : new Replay(job, of);
  }

  /** Adds the mark to a record's headers. */
  public void addTo(Headers headers) {
    headers.add(JOB_HEADER, job.getBytes(StandardCharsets.UTF_8));
    headers.add(OF_HEADER, of.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Header header) {
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
