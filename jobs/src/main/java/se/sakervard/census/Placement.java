package se.sakervard.census;

/**
 * Where a patient lies and which unit has medical responsibility. The patient counts as occupied on
 * {@code unitCode}, and as outlying there (utlokaliserad) when another unit is responsible.
 */
public record Placement(
    String regionCode, String hospitalCode, String unitCode, String responsibleUnitCode) {
  public boolean outlying() {
    return !unitCode.equals(responsibleUnitCode);
  }
}
