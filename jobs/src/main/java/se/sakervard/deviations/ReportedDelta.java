package se.sakervard.deviations;

import java.util.ArrayList;
import java.util.List;
import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.pipeline.Level;

/**
 * What one case update changes in the count of reported cases of one place, local day of report and
 * classification (category, type, consequence): a report adds one; a reclassification moves the
 * case from one classification to another on the same day.
 *
 * @param day the local day of the report, as days since 1970-01-01
 * @param newReport the case's first appearance: it counts towards the place's daily and rolling
 *     totals (a reclassification moves it between classifications only)
 */
public record ReportedDelta(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    int day,
    String category,
    String deviationType,
    int consequence,
    int delta,
    boolean newReport) {

  /** Level and place: the key of the rolling totals. */
  public String placeKey() {
    return PlaceKey.of(level, regionCode, hospitalCode, unitCode);
  }

  /** Place, day and classification: the key of a daily count. */
  public String countKey() {
    return placeKey() + "|" + day + "|" + category + "|" + deviationType + "|" + consequence;
  }

  /** The deltas of an update, at unit, hospital and region: none if the classification stays. */
  public static List<ReportedDelta> of(CaseUpdate update, LocalCalendar calendar) {
    CaseFacts before = update.countedBefore();
    CaseFacts after = update.countedAfter();
    List<ReportedDelta> deltas = new ArrayList<>();
    if (before == null && after == null) {
      return deltas;
    } else if (before == null) {
      addAtEveryLevel(deltas, after, calendar, 1, true);
    } else if (after == null) {
      // Entered in error: the report is taken back from its day and the rolling totals.
      addAtEveryLevel(deltas, before, calendar, -1, true);
    } else if (!sameClassification(before, after)) {
      addAtEveryLevel(deltas, before, calendar, -1, false);
      addAtEveryLevel(deltas, after, calendar, 1, false);
    }
    return deltas;
  }

  private static boolean sameClassification(CaseFacts a, CaseFacts b) {
    return a.category().equals(b.category())
        && a.deviationType().equals(b.deviationType())
        && a.consequence() == b.consequence();
  }

  private static void addAtEveryLevel(
      List<ReportedDelta> deltas,
      CaseFacts c,
      LocalCalendar calendar,
      int delta,
      boolean newReport) {
    int day = calendar.day(c.reportedAt());
    String region = c.regionCode();
    String hospital = c.hospitalCode();
    for (Level level : List.of(Level.UNIT, Level.HOSPITAL, Level.REGION)) {
      String h = level == Level.REGION ? "" : hospital;
      String u = level == Level.UNIT ? c.unitCode() : "";
      deltas.add(
          new ReportedDelta(
              level,
              region,
              h,
              u,
              day,
              c.category(),
              c.deviationType(),
              c.consequence(),
              delta,
              newReport));
    }
  }
}
