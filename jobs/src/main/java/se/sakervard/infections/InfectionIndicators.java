package se.sakervard.infections;

import java.time.LocalDate;
import java.util.List;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.common.CareType;

/**
 * The indicator values the infection figures publish on the indicators topic: incidence, hygiene
 * compliance and multi-resistant findings over the 30 days ending with each local day, compliance
 * of the month so far, and point prevalence per survey. Infections are not split by care type; they
 * carry the schema's default, SOMATIC.
 */
public final class InfectionIndicators {
  public static final String INCIDENCE = "infections.incidence_per_1000_patient_days";
  public static final String HYGIENE_ALL_STEPS = "infections.hygiene_all_steps_percent";
  public static final String MULTI_RESISTANT = "infections.multi_resistant_findings";
  public static final String PREVALENCE = "infections.point_prevalence_percent";

  private InfectionIndicators() {}

  public static List<IndicatorRecord> of(PlaceDayFigures f, LocalCalendar calendar) {
    long end = calendar.dayEnd(f.day());
    long thirtyDaysStart = ThirtyDayIncidence.windowStart(f.day(), calendar);
    int firstOfMonth = (int) LocalDate.ofEpochDay(f.day()).withDayOfMonth(1).toEpochDay();
    long monthStart = calendar.dayEnd(firstOfMonth - 1);
    DayTotals d30 = f.last30Days();
    DayTotals month = f.monthToDate();
    return List.of(
        value(
            f,
            INCIDENCE,
            "ROLLING_30_DAYS",
            thirtyDaysStart,
            end,
            new ThirtyDayIncidence(f.day(), d30.cases, d30.patientDays).per1000PatientDays(),
            (double) d30.cases,
            d30.patientDays),
        value(
            f,
            HYGIENE_ALL_STEPS,
            "ROLLING_30_DAYS",
            thirtyDaysStart,
            end,
            ComplianceTally.percent(d30.allCorrect, d30.observations),
            (double) d30.allCorrect,
            (double) d30.observations),
        value(
            f,
            HYGIENE_ALL_STEPS,
            "MONTH",
            monthStart,
            end,
            ComplianceTally.percent(month.allCorrect, month.observations),
            (double) month.allCorrect,
            (double) month.observations),
        value(
            f,
            MULTI_RESISTANT,
            "ROLLING_30_DAYS",
            thirtyDaysStart,
            end,
            (double) d30.multiResistant.values().stream().mapToLong(v -> v).sum(),
            null,
            null));
  }

  public static IndicatorRecord of(PrevalenceFigures p, LocalCalendar calendar) {
    return new IndicatorRecord(
        PREVALENCE,
        p.level(),
        p.regionCode(),
        p.hospitalCode(),
        p.unitCode(),
        CareType.SOMATIC,
        "SURVEY",
        calendar.dayEnd(p.surveyDay() - 1),
        calendar.dayEnd(p.surveyDay()),
        p.percent(),
        (double) p.infected(),
        (double) p.surveyed(),
        p.version());
  }

  private static IndicatorRecord value(
      PlaceDayFigures f,
      String indicator,
      String periodKind,
      long start,
      long end,
      Double value,
      Double numerator,
      Double denominator) {
    return new IndicatorRecord(
        indicator,
        f.level(),
        f.regionCode(),
        f.hospitalCode(),
        f.unitCode(),
        CareType.SOMATIC,
        periodKind,
        start,
        end,
        value,
        numerator,
        denominator,
        f.version());
  }
}
