package se.sakervard.deviations;

import java.util.List;
import se.sakervard.schemas.pipeline.Level;

/**
 * A case's timeline before and after an update, for the month-end backlogs of one place. Keyed by
 * {@link #key()}: level and place, as {@link BacklogDelta}.
 *
 * @param before null the first time the case has facts (its report arrived)
 */
public record MonthEndDelta(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    String caseRef,
    CaseTimeline before,
    CaseTimeline after) {

  public String key() {
    return BacklogDelta.key(level, regionCode, hospitalCode, unitCode);
  }

  /** The update for the month-end backlogs of the case's unit, hospital and region. */
  public static List<MonthEndDelta> of(CaseUpdate update) {
    if (!update.counts()) {
      return List.of();
    }
    CaseFacts c = update.after();
    CaseTimeline before = update.countedBefore() == null ? null : update.countedBefore().timeline();
    // Entered in error: a timeline that is never open takes the case out of every month end.
    CaseTimeline after =
        update.countedAfter() == null
            ? new CaseTimeline(
                c.reportedAt(), List.of(new CaseTimeline.Step(c.reportedAt(), false, false)))
            : c.timeline();
    String ref = c.caseRef();
    return List.of(
        new MonthEndDelta(
            Level.UNIT, c.regionCode(), c.hospitalCode(), c.unitCode(), ref, before, after),
        new MonthEndDelta(Level.HOSPITAL, c.regionCode(), c.hospitalCode(), "", ref, before, after),
        new MonthEndDelta(Level.REGION, c.regionCode(), "", "", ref, before, after));
  }
}
