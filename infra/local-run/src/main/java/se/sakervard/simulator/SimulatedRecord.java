package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * One Kafka record to send.
 *
 * @param key the stay reference for stay events, the unit code for available-beds events, the case
 *     reference for deviation events; null for malformed records made of random bytes
 * @param value a single-object-encoded {@code CensusEvent} or {@code DeviationEvent}, or garbage
 *     for {@link RecordKind#MALFORMED}
 * @param eventTime the event time the record represents
 * @param sendAt the simulated instant to send it at: its event time, or later for a delayed or
 *     duplicated record or a deviation fault
 * @param kind what it carries
 */
public record SimulatedRecord(
    String key, byte[] value, Instant eventTime, Instant sendAt, RecordKind kind) {

  /** How long after its event time the record is sent; zero unless a fault delayed it. */
  public Duration delay() {
    return Duration.between(eventTime, sendAt);
  }
}
