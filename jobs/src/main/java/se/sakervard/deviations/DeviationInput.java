package se.sakervard.deviations;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.reference.UnitRecord;
import se.sakervard.core.source.SourceRecord;

/**
 * One decoded lifecycle event of a deviation case (avvikelse). The fields of a report or a
 * classification are set only for those kinds.
 *
 * @param occurredTime when the deviation happened, epoch ms: on REPORTED always, on CLASSIFIED
 *     where the source gives it (DeviationEvent v2), else null
 * @param consequence REPORTED and CLASSIFIED: 1-4 (mindre, måttlig, betydande, katastrofal)
 * @param likelihood REPORTED and CLASSIFIED: 1-4
 * @param seriousCareInjury CLASSIFIED only: allvarlig vårdskada
 * @param eventAnalysis INVESTIGATION_STARTED only: the investigation is a händelseanalys
 */
public record DeviationInput(
    String eventId,
    long eventTime,
    String regionCode,
    String hospitalCode,
    String unitCode,
    String caseRef,
    Kind kind,
    Long occurredTime,
    String category,
    String deviationType,
    Integer consequence,
    Integer likelihood,
    Boolean seriousCareInjury,
    Boolean eventAnalysis,
    SourceRecord origin)
    implements InputEvent {

  public enum Kind {
    REPORTED,
    CLASSIFIED,
    INVESTIGATION_STARTED,
    ACTIONS_DECIDED,
    CLOSED,
    /** Closed as entered in error (felregistrerad): the case leaves every figure. */
    ENTERED_IN_ERROR,
    REOPENED,
    LEX_MARIA_FILED,
    COMPLAINT_RECEIVED,
    COMPLAINT_ANSWERED
  }

  /** This report with its unit's hospital and region from the reference data. */
  public DeviationInput placedIn(UnitRecord unit) {
    return new DeviationInput(
        eventId,
        eventTime,
        unit.regionCode(),
        unit.hospitalCode(),
        unitCode,
        caseRef,
        kind,
        occurredTime,
        category,
        deviationType,
        consequence,
        likelihood,
        seriousCareInjury,
        eventAnalysis,
        origin);
  }

  /** The same event without its raw record, once nothing can reject it any more. */
  public DeviationInput withoutOrigin() {
    return new DeviationInput(
        eventId,
        eventTime,
        regionCode,
        hospitalCode,
        unitCode,
        caseRef,
        kind,
        occurredTime,
        category,
        deviationType,
        consequence,
        likelihood,
        seriousCareInjury,
        eventAnalysis,
        null);
  }
}
