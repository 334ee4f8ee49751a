package se.sakervard.deviations;

import se.sakervard.schemas.pipeline.Level;

/**
 * One place's open deviation backlog at an instant: a row of {@code deviation_backlog}. A case is
 * open from its report until the close that stands; its age is counted from the report.
 *
 * @param asOf the newest event time (or ageing instant) the figures are at
 * @param openOver30Days open cases reported more than 30 days before {@code asOf}
 * @param openSeriousCareInjuries open cases classified as allvarlig vårdskada
 */
public record BacklogFigures(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    long asOf,
    long open,
    long openOver30Days,
    long openOver60Days,
    long openOver90Days,
    long openSeriousCareInjuries,
    long version) {

  /** The key of the backlog these figures are of: {@link BacklogDelta#key()}. */
  public String key() {
    return BacklogDelta.key(level, regionCode, hospitalCode, unitCode);
  }
}
