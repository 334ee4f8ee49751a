package se.sakervard.local.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.local.LocalPipeline;

/**
 * The ceiling of a job's throughput: its input topic read by plain Kafka consumers (one per
 * partition, as many as the job's parallelism) that decode and validate each record as the job's
 * first step does, and nothing else.
 */
final class Ceiling {
  private Ceiling() {}

  /** Reads a topic to its end with one consumer per partition, decoding every record. */
  static long consumeAndDecode(String bootstrap, String topic, Supplier<RecordDecoder<?>> decoders)
      throws Exception {
    AtomicLong total = new AtomicLong();
    List<CompletableFuture<Void>> readers = new ArrayList<>();
    for (int partition = 0; partition < LocalPipeline.PARALLELISM; partition++) {
      TopicPartition tp = new TopicPartition(topic, partition);
      readers.add(
          CompletableFuture.runAsync(
              () -> {
                RecordDecoder<?> decoder = decoders.get();
                Topics.readToEnd(
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
}
