package se.sakervard.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.reference.UnitReference;
import se.sakervard.schemas.reference.UnitReferenceKeys;

/**
 * The unit reference data of a simulated region, as the region's reference data would publish it on
 * the compacted unit-reference topic: one open period per unit, from {@link #VALID_FROM}, with its
 * hospital, the region, the care type and technical flag of its specialty, and the name {@link
 * SimulatedRegion#placeNames()} gives it. The jobs place every event by it, so it is published
 * before a simulation's events. Every unit code a simulator puts in an envelope is one of the
 * region's units, except the infection simulator's deliberate unknown-unit faults ({@link
 * RecordKind#UNKNOWN_UNIT_CASE}), which have no record here.
 */
public final class SimulatedUnitReferences {
  /**
   * The start of every simulated unit's period: the earliest event time the jobs accept, so before
   * any simulated event.
   */
  public static final Instant VALID_FROM = Instant.parse("2000-01-01T00:00:00Z");

  private SimulatedUnitReferences() {}

  /** The region's units as reference records, in the region's order. */
  public static List<UnitReference> of(SimulatedRegion region) {
    Map<String, String> names = region.placeNames();
    List<UnitReference> references = new ArrayList<>();
    for (SimulatedUnit unit : region.units()) {
      references.add(
          UnitReference.newBuilder()
              .setUnitCode(unit.code())
              .setHospitalCode(unit.hospitalCode())
              .setRegionCode(region.regionCode())
              .setCareType(unit.careType())
              .setTechnicalUnit(unit.technical())
              .setValidFrom(VALID_FROM)
              .setValidTo(null)
              .setDisplayName(names.get(unit.code()))
              .build());
    }
    return references;
  }

  /** The region's reference records for {@code topic}, keyed as the topic's compaction needs. */
  public static List<ProducerRecord<String, byte[]>> records(String topic, SimulatedRegion region) {
    SingleObjectCodec<UnitReference> codec = SingleObjectCodec.of(UnitReference.class);
    return of(region).stream()
        .map(u -> new ProducerRecord<>(topic, UnitReferenceKeys.keyOf(u), codec.encode(u)))
        .toList();
  }

  /**
   * Publishes the region's reference records to {@code topic} and returns once the broker has
   * acknowledged all of them.
   *
   * @return the number of records published
   */
  public static int publish(String bootstrapServers, String topic, SimulatedRegion region)
      throws InterruptedException {
    try (Producer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaFeeder.producerConfig(bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<String, byte[]> record : records(topic, region)) {
        sent.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
      return sent.size();
    } catch (ExecutionException e) {
      throw new KafkaException("Publishing the unit reference data to " + topic + " failed", e);
    }
  }
}
