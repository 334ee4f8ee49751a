package se.sakervard.schemas.reference;

/**
 * The Kafka key of a unit reference record: {@code <unitCode>@<validFrom as epoch milliseconds>}.
 * The topic is compacted, so every period of a unit stays and a period published again replaces the
 * one before (docs/reference-data.md).
 */
public final class UnitReferenceKeys {
  private UnitReferenceKeys() {}

  public static String keyOf(UnitReference unit) {
    return unit.getUnitCode() + "@" + unit.getValidFrom().toEpochMilli();
  }
}
