package se.sakervard.deviations;

import se.sakervard.schemas.pipeline.Level;

/**
 * One place's open deviation backlog at the end of a local month: a row of {@code
 * deviation_backlog_month_end}. The backlog {@link BacklogFigures} counted then, exact in event
 * time: every event before the month's end counts (so a case closed after it is open at it), none
 * after it.
 *
 * @param month the instant the local month starts
 * @param monthEnd the instant it ends (exclusive): the next month's first
 * @param openOver30Days open cases reported more than 30 days before {@code monthEnd}
 * @param openSeriousCareInjuries open cases classified allvarlig vårdskada before {@code monthEnd}
 * @param version how many times the row was written: a late event's correction replaces it
 */
public record MonthEndFigures(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    long month,
    long monthEnd,
    long open,
    long openOver30Days,
    long openOver60Days,
    long openOver90Days,
    long openSeriousCareInjuries,
    long version) {

  static MonthEndFigures of(MonthEndDelta place, long month, long monthEnd, MonthEndTally t) {
    return new MonthEndFigures(
        place.level(),
        place.regionCode(),
        place.hospitalCode(),
        place.unitCode(),
        month,
        monthEnd,
        t.open,
        t.over[0],
        t.over[1],
        t.over[2],
        t.serious,
        t.version);
  }
}
