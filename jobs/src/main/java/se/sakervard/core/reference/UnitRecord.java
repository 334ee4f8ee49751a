package se.sakervard.core.reference;

import se.sakervard.schemas.common.CareType;

/**
 * One validity period of a unit in the reference data (docs/reference-data.md): where the unit
 * belongs and what care it gives from {@code validFrom} (inclusive) to {@code validTo} (exclusive;
 * {@link Long#MAX_VALUE} while the period lasts). A period with {@code validTo == validFrom} is
 * withdrawn.
 */
public record UnitRecord(
    String unitCode,
    String hospitalCode,
    String regionCode,
    CareType careType,
    boolean technicalUnit,
    long validFrom,
    long validTo,
    String displayName)
    implements java.io.Serializable {

  /** Whether the unit is in this period at {@code time}. */
  public boolean covers(long time) {
    return validFrom <= time && time < validTo;
  }

  /** A period published again with no length: taken back, as if it had never been published. */
  public boolean withdrawn() {
    return validTo <= validFrom;
  }
}
