package se.sakervard.testing;

import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.reference.UnitReference;
import se.sakervard.schemas.reference.UnitReferenceKeys;

/** Unit reference records for a test's units, as the region's reference data would send them. */
public final class UnitReferenceRecords {
  /** The start of the reference periods of units that exist throughout a test. */
  public static final Instant SINCE = Instant.parse("2020-01-01T00:00:00Z");

  private static final SingleObjectCodec<UnitReference> CODEC =
      SingleObjectCodec.of(UnitReference.class);

  private UnitReferenceRecords() {}

  /** A somatic, non-technical unit of {@code hospital} in {@code region} throughout the test. */
  public static ProducerRecord<String, byte[]> somatic(
      String topic, String region, String hospital, String unit) {
    return record(topic, period(region, hospital, unit, CareType.SOMATIC, false, SINCE, null));
  }

  public static UnitReference period(
      String region,
      String hospital,
      String unit,
      CareType careType,
      boolean technical,
      Instant from,
      Instant to) {
    return UnitReference.newBuilder()
        .setUnitCode(unit)
        .setHospitalCode(hospital)
        .setRegionCode(region)
        .setCareType(careType)
        .setTechnicalUnit(technical)
        .setValidFrom(from)
        .setValidTo(to)
        .setDisplayName("Avd " + unit)
        .build();
  }

  public static ProducerRecord<String, byte[]> record(String topic, UnitReference unit) {
    return new ProducerRecord<>(topic, UnitReferenceKeys.keyOf(unit), CODEC.encode(unit));
  }
}
