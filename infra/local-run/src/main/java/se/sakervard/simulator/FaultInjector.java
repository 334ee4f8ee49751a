package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Applies {@link FaultRates} to valid records arriving in event-time order and hands them back in
 * send order. A record is released once the event time of the records still to come has reached its
 * send time, since no later record can be sent before that.
 */
final class FaultInjector {
  /** The single-object encoding's marker and schema fingerprint; the record body follows. */
  private static final int HEADER_LENGTH = 10;

  private static final long MAX_OUT_OF_ORDER_MILLIS = Duration.ofMinutes(20).toMillis();
  private static final long MIN_OUT_OF_ORDER_MILLIS = Duration.ofMinutes(1).toMillis();
  private static final long MAX_DUPLICATE_DELAY_MILLIS = Duration.ofMinutes(1).toMillis();

  private record Queued(SimulatedRecord record, long sequence) {}

  private final FaultRates rates;
  private final SplittableRandom rng;
  private final PriorityQueue<Queued> queue =
      new PriorityQueue<>(
          Comparator.comparing((Queued q) -> q.record().sendAt())
              .thenComparingLong(Queued::sequence));
  private long sequence;

  FaultInjector(FaultRates rates, SplittableRandom rng) {
    this.rates = rates;
    this.rng = rng;
  }

  /** Queues a valid record (sent at its event time) with whatever faults befall it. */
  void add(SimulatedRecord valid) {
    SimulatedRecord sent = delayed(valid);
    enqueue(sent);
    if (rng.nextDouble() < rates.duplicate()) {
      // A producer retry: the same record again a moment later.
      Instant again = sent.sendAt().plusMillis(1 + rng.nextLong(MAX_DUPLICATE_DELAY_MILLIS));
      enqueue(
          new SimulatedRecord(
              sent.key(), sent.value(), sent.eventTime(), again, RecordKind.DUPLICATE));
    }
    if (rng.nextDouble() < rates.malformed()) {
      enqueue(malformed(valid));
    }
  }

  /** The next record in send order if no record still to come can precede it, else null. */
  SimulatedRecord poll(Instant eventTimeReached) {
    Queued first = queue.peek();
    if (first == null || first.record().sendAt().isAfter(eventTimeReached)) {
      return null;
    }
    return queue.poll().record();
  }

  /** The next record in send order, once no more records are coming; null when all are out. */
  SimulatedRecord pollRemaining() {
    Queued first = queue.poll();
    return first == null ? null : first.record();
  }

  private void enqueue(SimulatedRecord record) {
    queue.add(new Queued(record, sequence++));
  }

  private SimulatedRecord delayed(SimulatedRecord valid) {
    double draw = rng.nextDouble();
    long delay;
    if (draw < rates.late()) {
      delay = rates.lateDelay().toMillis();
    } else if (draw < rates.late() + rates.outOfOrder()) {
      delay =
          MIN_OUT_OF_ORDER_MILLIS + rng.nextLong(MAX_OUT_OF_ORDER_MILLIS - MIN_OUT_OF_ORDER_MILLIS);
    } else {
      return valid;
    }
    return new SimulatedRecord(
        valid.key(),
        valid.value(),
        valid.eventTime(),
        valid.sendAt().plusMillis(delay),
        valid.kind());
  }

  /** Random bytes, a truncated encoding, or an encoding whose schema fingerprint is corrupted. */
  private SimulatedRecord malformed(SimulatedRecord valid) {
    byte[] original = valid.value();
    String key = valid.key();
    byte[] bytes;
    switch (rng.nextInt(3)) {
      case 0 -> {
        bytes = new byte[1 + rng.nextInt(64)];
        rng.nextBytes(bytes);
        // Not the encoding's 0xC3 marker, so the bytes can never pass for a record.
        bytes[0] = (byte) (bytes[0] == (byte) 0xC3 ? 0 : bytes[0]);
        key = null;
      }
      case 1 ->
          bytes =
              Arrays.copyOf(original, HEADER_LENGTH + rng.nextInt(original.length - HEADER_LENGTH));
      default -> {
        bytes = original.clone();
        bytes[2 + rng.nextInt(8)] ^= (byte) (1 + rng.nextInt(255));
      }
    }
    return new SimulatedRecord(key, bytes, valid.eventTime(), valid.sendAt(), RecordKind.MALFORMED);
  }
}
