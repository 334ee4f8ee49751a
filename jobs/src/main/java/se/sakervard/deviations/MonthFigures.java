package se.sakervard.deviations;

import se.sakervard.schemas.pipeline.Level;

/**
 * One place's deviation figures for one local month: a row of {@code deviation_monthly}. Cohort
 * figures (reported ... eventAnalysisNotYetDue) are about the cases reported in the month; lex
 * Maria figures about filings in the month; complaint figures about complaints received in the
 * month. Durations are exact nearest-rank percentiles; null where there is nothing to measure.
 *
 * @param eventAnalysisInTime cases needing an event analysis that started it by the deadline; with
 *     {@code eventAnalysisStartedLate}, {@code eventAnalysisOverdue} and {@code
 *     eventAnalysisNotYetDue} they add up to {@code needsEventAnalysis}
 * @param eventAnalysisStartedLate started after the deadline; this and the next two are null for a
 *     month tallied by a version that did not keep them ({@link CohortTally#analysesSplit})
 * @param eventAnalysisOverdue not started, and the deadline passed before {@code asOf}
 * @param eventAnalysisNotYetDue not started, the deadline at or after {@code asOf}
 * @param isFinal the cohort's figures can no longer change by time alone: all its cases are closed
 *     and no analysis deadline is ahead, or 90 days have passed since the month ended (a late event
 *     can still correct them)
 * @param asOf the event time these figures are as of: the newest update's, an analysis deadline's
 *     that passed since, or the instant they became final; a month still running is as of its
 *     newest event, not its end; never earlier than a previous row's (a late event does not take it
 *     back)
 */
public record MonthFigures(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    long month,
    long reported,
    long negativeEvents,
    long nearMisses,
    long seriousCareInjuries,
    long open,
    long closedWithin30Days,
    long closedWithin60Days,
    long closedWithin90Days,
    Double reportingDelayMedianHours,
    Double reportingDelayP90Hours,
    Double handlingTimeMedianDays,
    Double handlingTimeP90Days,
    long needsEventAnalysis,
    long eventAnalysisInTime,
    Long eventAnalysisStartedLate,
    Long eventAnalysisOverdue,
    Long eventAnalysisNotYetDue,
    long lexMariaFiled,
    Double lexMariaLeadTimeMedianDays,
    long complaintsReceived,
    long complaintsAnsweredWithin30Days,
    boolean isFinal,
    long version,
    long asOf) {

  /** The key of the month these figures are of: {@link MonthlyDelta#key()}. */
  public String key() {
    return MonthlyDelta.key(level, regionCode, hospitalCode, unitCode, month);
  }

  static MonthFigures of(MonthlyDelta place, CohortTally t, boolean isFinal, long asOf) {
    long at = Math.max(asOf, place.month());
    return new MonthFigures(
        place.level(),
        place.regionCode(),
        place.hospitalCode(),
        place.unitCode(),
        place.month(),
        t.reported,
        t.negativeEvents,
        t.nearMisses,
        t.seriousCareInjuries,
        t.open,
        t.closedWithin30Days,
        t.closedWithin60Days,
        t.closedWithin90Days,
        scaled(t.reportingDelay.percentile(50), 60),
        scaled(t.reportingDelay.percentile(90), 60),
        scaled(t.handlingTime.percentile(50), CohortTally.DAY_MINUTES),
        scaled(t.handlingTime.percentile(90), CohortTally.DAY_MINUTES),
        t.needsEventAnalysis,
        t.eventAnalysisInTime,
        t.analysesSplit ? t.eventAnalysisLate : null,
        t.analysesSplit ? t.eventAnalysisOverdue(at) : null,
        t.analysesSplit ? t.eventAnalysisNotYetDue(at) : null,
        t.lexMariaFiled,
        scaled(t.lexMariaLeadTime.percentile(50), CohortTally.DAY_MINUTES),
        t.complaintsReceived,
        t.complaintsAnsweredWithin30Days,
        isFinal,
        t.version,
        at);
  }

  /** Share of the month's reported cases closed within the days, in %; null without cases. */
  public Double shareClosedWithin(long closed) {
    return reported == 0 ? null : 100.0 * closed / reported;
  }

  private static Double scaled(Long minutes, long per) {
    return minutes == null ? null : (double) minutes / per;
  }
}
