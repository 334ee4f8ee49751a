package se.sakervard.census;

import se.sakervard.core.ingest.InputEvent;
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
    SourceRecord origin)
    implements InputEvent {

  /** The census event types. */
  public enum Kind {
    ADMISSION,
    TRANSFER,
    DISCHARGE,
    AVAILABLE_BEDS
  }

  /** Where the stay is after this event; null for a discharge. Only for stay events. */
  Placement placementAfter() {
    return kind == Kind.DISCHARGE
        ? null
        : new Placement(regionCode, hospitalCode, unitCode, responsibleUnitCode);
  }
}
