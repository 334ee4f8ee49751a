package se.sakervard.simulator;

import se.sakervard.schemas.common.CareType;

/**
 * One unit (vårdenhet) of the simulated region and its staffing rule.
 *
 * @param code e.g. {@code R01-H03-U07}
 * @param hospitalCode e.g. {@code R01-H03}
 * @param specialty decides the care type and whether the unit is technical
 * @param baseBeds available beds on an ordinary weekday outside summer
 * @param weekendCut share of beds closed over the weekend (five-day wards), else 0
 * @param summerCut share of beds closed in summer weeks 27-32
 */
public record SimulatedUnit(
    String code,
    String hospitalCode,
    Specialty specialty,
    int baseBeds,
    double weekendCut,
    double summerCut) {

  public CareType careType() {
    return specialty.careType();
  }

  public boolean technical() {
    return specialty.technical();
  }

  /** A unit that takes ordinary somatic patients, and so also outlying ones. */
  boolean somaticWard() {
    return careType() == CareType.SOMATIC && !technical();
  }

  /** Available (staffed) beds in a staffing period; see {@link CareCalendar}. */
  public int availableBeds(boolean summer, boolean weekendClosure) {
    double beds = baseBeds;
    if (summer) {
      beds *= 1 - summerCut;
    }
    if (weekendClosure) {
      beds *= 1 - weekendCut;
    }
    return (int) Math.round(beds);
  }
}
