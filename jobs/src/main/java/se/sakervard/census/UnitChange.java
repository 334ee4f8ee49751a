package se.sakervard.census;

import se.sakervard.schemas.common.CareType;

/**
 * A change to one unit's census at an event time: signed changes of occupied and outlying patients,
 * or (when {@code availableBeds} is set) the unit's available beds from then on, with its care type
 * and technical flag.
 */
public record UnitChange(
    String regionCode,
    String hospitalCode,
    String unitCode,
    long time,
    int occupiedDelta,
    int outlyingDelta,
    Integer availableBeds,
    String bedsEventId,
    CareType careType,
    Boolean technicalUnit) {

  static UnitChange occupancy(Placement at, long time, int sign) {
    return new UnitChange(
        at.regionCode(),
        at.hospitalCode(),
        at.unitCode(),
        time,
        sign,
        at.outlying() ? sign : 0,
        null,
        null,
        null,
        null);
  }

  static UnitChange beds(CensusInput event) {
    return new UnitChange(
        event.regionCode(),
        event.hospitalCode(),
        event.unitCode(),
        event.eventTime(),
        0,
        0,
        event.availableBeds(),
        event.eventId(),
        event.careType(),
        event.technicalUnit());
  }

  boolean isBedsChange() {
    return availableBeds != null;
  }
}
