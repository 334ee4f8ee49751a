package se.sakervard.deviations;

import java.util.Set;
import java.util.TreeSet;
import se.sakervard.core.time.LocalCalendar;

/**
 * The monthly deviation figures of one place, kept as sums and exact value multisets so that a
 * case's changed facts can be taken out and put back in. A case counts in the month it was reported
 * (the cohort), its lex Maria filing in the month of filing and its complaint in the month the
 * complaint arrived. Durations are in minutes. Public fields for Flink's state serializer.
 *
 * <p>A cohort case needing an event analysis is in time (started by its deadline), late (started
 * after it) or not started; a case not started is overdue once its deadline has passed, so that
 * split depends on the instant the figures are as of ({@link #asOf}), kept as the deadlines.
 */
public final class CohortTally {
  static final long DAY_MINUTES = 24 * 60;
  private static final long DAY_MS = 86_400_000L;

  public long reported;
  public long negativeEvents;
  public long nearMisses;
  public long seriousCareInjuries;
  public long open;
  public long closedWithin30Days;
  public long closedWithin60Days;
  public long closedWithin90Days;
  public long needsEventAnalysis;
  public long eventAnalysisInTime;
  public long eventAnalysisLate;

  /** The deadlines (epoch ms) of the cohort's cases needing an analysis that has not started. */
  public ValueCounts eventAnalysisDeadlines = new ValueCounts();

  /**
   * Whether the analyses started late and the deadlines above hold every case of the tally: set on
   * a tally the job starts; false in one restored from a savepoint of a version that did not keep
   * them, whose split stays unknown (NULL) rather than counted from the cases updated since.
   */
  public boolean analysesSplit;

  public long lexMariaFiled;
  public long complaintsReceived;
  public long complaintsAnsweredWithin30Days;
  public ValueCounts reportingDelay = new ValueCounts();
  public ValueCounts handlingTime = new ValueCounts();
  public ValueCounts lexMariaLeadTime = new ValueCounts();
  public long version;

  /** The event time the figures are as of: the newest update's or deadline's, never going back. */
  public long asOf = Long.MIN_VALUE;

  /**
   * Adds ({@code sign} +1) or takes out (-1) what a case's facts give the month at {@code month}.
   */
  public void apply(CaseFacts c, int sign, long month, LocalCalendar calendar) {
    if (calendar.monthStart(c.reportedAt()) == month) {
      reported += sign;
      if ("NEAR_MISS".equals(c.deviationType())) {
        nearMisses += sign;
      } else {
        negativeEvents += sign;
      }
      if (c.seriousCareInjury()) {
        seriousCareInjuries += sign;
      }
      reportingDelay.add(minutes(c.reportedAt() - c.occurredAt()), sign);
      if (c.open()) {
        open += sign;
      } else {
        long handlingMs = c.closedAt() - c.reportedAt();
        handlingTime.add(minutes(handlingMs), sign);
        // Exact to the millisecond, like every duration threshold: a case closed in the first
        // minute after 30 days is not closed within them. (The percentiles keep whole minutes.)
        closedWithin30Days += handlingMs <= 30 * DAY_MS ? sign : 0;
        closedWithin60Days += handlingMs <= 60 * DAY_MS ? sign : 0;
        closedWithin90Days += handlingMs <= 90 * DAY_MS ? sign : 0;
      }
      if (c.needsEventAnalysis()) {
        needsEventAnalysis += sign;
        Long started = c.eventAnalysisStartedAt();
        if (started == null) {
          if (eventAnalysisDeadlines == null) {
            // Restored from a version without the field: the split stays unknown (analysesSplit).
            eventAnalysisDeadlines = new ValueCounts();
          }
          eventAnalysisDeadlines.add(c.eventAnalysisDeadline(), sign);
        } else if (started <= c.eventAnalysisDeadline()) {
          eventAnalysisInTime += sign;
        } else {
          eventAnalysisLate += sign;
        }
      }
    }
    if (c.lexMariaFiledAt() != null && calendar.monthStart(c.lexMariaFiledAt()) == month) {
      lexMariaFiled += sign;
      lexMariaLeadTime.add(minutes(c.lexMariaFiledAt() - c.occurredAt()), sign);
    }
    if (c.complaintReceivedAt() != null && calendar.monthStart(c.complaintReceivedAt()) == month) {
      complaintsReceived += sign;
      Long answered = c.complaintAnsweredAt();
      if (answered != null && answered - c.complaintReceivedAt() <= 30 * 86_400_000L) {
        complaintsAnsweredWithin30Days += sign;
      }
    }
  }

  /** Cohort cases whose analysis has not started and whose deadline passed before {@code at}. */
  long eventAnalysisOverdue(long at) {
    return eventAnalysisDeadlines.countIn(Long.MIN_VALUE, at);
  }

  /** Cohort cases whose analysis has not started and whose deadline is {@code at} or later. */
  long eventAnalysisNotYetDue(long at) {
    return eventAnalysisDeadlines.size - eventAnalysisOverdue(at);
  }

  /**
   * Nothing in the figures changes by time alone any more: every case closed, no deadline ahead.
   */
  boolean settled() {
    return open == 0 && (!analysesSplit || eventAnalysisNotYetDue(asOf) == 0);
  }

  /** The months a case's facts count in: report, lex Maria filing, complaint. */
  static Set<Long> monthsOf(CaseFacts c, LocalCalendar calendar) {
    Set<Long> months = new TreeSet<>();
    months.add(calendar.monthStart(c.reportedAt()));
    if (c.lexMariaFiledAt() != null) {
      months.add(calendar.monthStart(c.lexMariaFiledAt()));
    }
    if (c.complaintReceivedAt() != null) {
      months.add(calendar.monthStart(c.complaintReceivedAt()));
    }
    return months;
  }

  private static long minutes(long millis) {
    return Math.floorDiv(millis, 60_000L);
  }
}
