package se.sakervard.census;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.reference.UnitRecord;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.common.CareType;

/**
 * A validated census event, flattened for Flink's serializer. The patient reference is left behind:
 * the census needs stays, not patients.
 */
public record CensusInput(
    String eventId,
    long eventTime,
    String regionCode,
    String hospitalCode,
    String unitCode,
    Kind kind,
    String stayRef,
    String responsibleUnitCode,
    Integer availableBeds,
    CareType careType,
    Boolean technicalUnit,
    Long sequence,
    String retractedEventId,
    SourceRecord origin)
    implements InputEvent {

  /**
   * The census event types. Stay events of one instant without a source sequence apply in this
   * order (docs/indicators.md, "Bed census"): a patient admitted and moved in the same second ends
   * on the second unit.
   */
  public enum Kind {
    ADMISSION,
    TRANSFER,
    DISCHARGE,
    AVAILABLE_BEDS,
    /**
     * Takes back the stay event {@code retractedEventId} (a cancelled admission, transfer or
     * discharge).
     */
    RETRACTION
  }

  /** This event with its unit's hospital, region, care type and flag from the reference data. */
  public CensusInput placedIn(UnitRecord unit) {
    return new CensusInput(
        eventId,
        eventTime,
        unit.regionCode(),
        unit.hospitalCode(),
        unitCode,
        kind,
        stayRef,
        responsibleUnitCode,
        availableBeds,
        unit.careType(),
        unit.technicalUnit(),
        sequence,
        retractedEventId,
        origin);
  }

  /** Where this stay event sorts among the stay's events. */
  public StayTimeline.Key stayKey() {
    return new StayTimeline.Key(
        eventTime, sequence == null ? 0 : sequence, kind.ordinal(), eventId);
  }

  /** Where the stay is after this event; null for a discharge. Only for stay events. */
  public Placement placementAfter() {
    return kind == Kind.DISCHARGE
        ? null
        : new Placement(regionCode, hospitalCode, unitCode, responsibleUnitCode);
  }
}
