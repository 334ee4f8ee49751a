package se.sakervard.infections;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.sakervard.schemas.pipeline.Level;

/** The rows of the infection tables that one place's day figures give. */
public final class InfectionRows {
  private InfectionRows() {}

  /** The periods a day's figures cover: the day, the 30 days ending with it, its month so far. */
  public enum Period {
    DAY,
    ROLLING_30_DAYS,
    MONTH_TO_DATE
  }

  /** Cases (all, or of one infection type) and patient days of a place, day and period. */
  public record Incidence(
      Level level,
      String regionCode,
      String hospitalCode,
      String unitCode,
      int day,
      Period period,
      String infectionType,
      long cases,
      double patientDays,
      long version) {}

  /** Hygiene observations of a place, day and period, with the 95% interval of all-steps. */
  public record Compliance(
      Level level,
      String regionCode,
      String hospitalCode,
      String unitCode,
      int day,
      Period period,
      long observations,
      long allCorrect,
      long hygieneCorrect,
      long dressCodeCorrect,
      Double allCorrectLowerPercent,
      Double allCorrectUpperPercent,
      long version) {}

  /** Multi-resistant findings (all, or of one organism) of a place, day and period. */
  public record Findings(
      Level level,
      String regionCode,
      String hospitalCode,
      String unitCode,
      int day,
      Period period,
      String organism,
      long findings,
      long version) {}

  public static List<Incidence> incidence(PlaceDayFigures f) {
    List<Incidence> rows = new ArrayList<>();
    forEachPeriod(
        f,
        (period, t) -> {
          rows.add(incidence(f, period, "ALL", t.cases, t.patientDays));
          for (Map.Entry<String, Long> e : t.casesByType.entrySet()) {
            rows.add(incidence(f, period, e.getKey(), e.getValue(), t.patientDays));
          }
        });
    return rows;
  }

  public static List<Compliance> compliance(PlaceDayFigures f) {
    List<Compliance> rows = new ArrayList<>();
    forEachPeriod(
        f,
        (period, t) -> {
          double[] interval = ComplianceTally.wilson95(t.allCorrect, t.observations);
          rows.add(
              new Compliance(
                  f.level(),
                  f.regionCode(),
                  f.hospitalCode(),
                  f.unitCode(),
                  f.day(),
                  period,
                  t.observations,
                  t.allCorrect,
                  t.hygieneCorrect,
                  t.dressCodeCorrect,
                  interval == null ? null : interval[0],
                  interval == null ? null : interval[1],
                  f.version()));
        });
    return rows;
  }

  public static List<Findings> findings(PlaceDayFigures f) {
    List<Findings> rows = new ArrayList<>();
    forEachPeriod(
        f,
        (period, t) -> {
          rows.add(
              findings(
                  f, period, "ALL", t.multiResistant.values().stream().mapToLong(v -> v).sum()));
          for (Map.Entry<String, Long> e : t.multiResistant.entrySet()) {
            rows.add(findings(f, period, e.getKey(), e.getValue()));
          }
        });
    return rows;
  }

  private interface PeriodTotals {
    void accept(Period period, DayTotals totals);
  }

  private static void forEachPeriod(PlaceDayFigures f, PeriodTotals each) {
    each.accept(Period.DAY, f.onDay());
    each.accept(Period.ROLLING_30_DAYS, f.last30Days());
    each.accept(Period.MONTH_TO_DATE, f.monthToDate());
  }

  private static Incidence incidence(
      PlaceDayFigures f, Period period, String type, long cases, double patientDays) {
    return new Incidence(
        f.level(),
        f.regionCode(),
        f.hospitalCode(),
        f.unitCode(),
        f.day(),
        period,
        type,
        cases,
        patientDays,
        f.version());
  }

  private static Findings findings(PlaceDayFigures f, Period period, String organism, long n) {
    return new Findings(
        f.level(),
        f.regionCode(),
        f.hospitalCode(),
        f.unitCode(),
        f.day(),
        period,
        organism,
        n,
        f.version());
  }
}
