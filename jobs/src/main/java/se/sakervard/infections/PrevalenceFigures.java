package se.sakervard.infections;

import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.schemas.pipeline.Level;

/**
 * Point prevalence of one survey (PPM-VRI) at one place: surveyed inpatients and those with at
 * least one VRI.
 *
 * @param surveyDay the local day of the survey's first record at the place
 */
public record PrevalenceFigures(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    String surveyId,
    int surveyDay,
    long surveyed,
    long infected,
    long version) {

  public String key() {
    return PlaceKey.of(level, regionCode, hospitalCode, unitCode) + "|" + surveyId;
  }

  /** % of surveyed inpatients with a VRI, or null if none surveyed. */
  public Double percent() {
    return surveyed == 0 ? null : 100.0 * infected / surveyed;
  }

  /** One surveyed patient counted in ({@code sign} 1) or out (-1) at unit, hospital and region. */
  public static java.util.List<PrevalenceFigures> of(InfectionInput r, int day, int sign) {
    long surveyed = sign;
    long infected = Boolean.TRUE.equals(r.infected()) ? sign : 0;
    return java.util.List.of(
        new PrevalenceFigures(
            Level.UNIT,
            r.regionCode(),
            r.hospitalCode(),
            r.unitCode(),
            r.ref(),
            day,
            surveyed,
            infected,
            0),
        new PrevalenceFigures(
            Level.HOSPITAL,
            r.regionCode(),
            r.hospitalCode(),
            "",
            r.ref(),
            day,
            surveyed,
            infected,
            0),
        new PrevalenceFigures(
            Level.REGION, r.regionCode(), "", "", r.ref(), day, surveyed, infected, 0));
  }

  /** The sum of two tallies of one place and survey; the earlier survey day; the next version. */
  public PrevalenceFigures plus(PrevalenceFigures o) {
    return new PrevalenceFigures(
        level,
        regionCode,
        hospitalCode,
        unitCode,
        surveyId,
        Math.min(surveyDay, o.surveyDay),
        surveyed + o.surveyed,
        infected + o.infected,
        version + 1);
  }
}
