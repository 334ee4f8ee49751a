package se.sakervard.deviations;

import java.util.List;
import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.schemas.pipeline.Level;

/**
 * A case's place in one place's open backlog after an update. Keyed by {@link #key()}: level and
 * place.
 *
 * @param openSince when the case was reported, if it is open now; null if closed
 * @param serious the case is classified as a serious care injury (allvarlig vårdskada)
 * @param at the event time of the update
 */
public record BacklogDelta(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    String caseRef,
    Long openSince,
    boolean serious,
    long at) {

  public String key() {
    return key(level, regionCode, hospitalCode, unitCode);
  }

  /** Level and place: also the key of the place's {@link BacklogFigures}. */
  static String key(Level level, String region, String hospital, String unit) {
    return PlaceKey.of(level, region, hospital, unit);
  }

  /** The case's state for the backlogs of its unit, hospital and region. */
  public static List<BacklogDelta> of(CaseUpdate update) {
    CaseFacts c = update.after();
    // A case entered in error leaves the backlog as a closed one does.
    Long since = c.open() && !c.enteredInError() ? c.reportedAt() : null;
    boolean serious = c.seriousCareInjury();
    long at = update.at();
    String ref = c.caseRef();
    return List.of(
        new BacklogDelta(
            Level.UNIT, c.regionCode(), c.hospitalCode(), c.unitCode(), ref, since, serious, at),
        new BacklogDelta(
            Level.HOSPITAL, c.regionCode(), c.hospitalCode(), "", ref, since, serious, at),
        new BacklogDelta(Level.REGION, c.regionCode(), "", "", ref, since, serious, at));
  }
}
