package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.DAY;
import static se.sakervard.simulator.CareCalendar.HOUR;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import se.sakervard.schemas.deviations.DeviationCategory;
import se.sakervard.schemas.deviations.DeviationType;

/**
 * Deviation cases as a discrete-event simulation: an hourly tick draws the deviations that occur in
 * the hour, and for each one reported inside the period it plans the whole life of the case at once
 * (cases do not compete for anything, so nothing that happens later can change it) and puts its
 * events on an agenda. The agenda hands them out in send order, which without faults is event-time
 * order.
 *
 * <p>Cases are those reported inside the period, and only their events inside it are emitted. The
 * simulation starts about three months early only to find the deviations that occurred before the
 * period but are reported in it; cases reported before the period are left out, so the backlog of
 * open cases ramps up over the first months, and some cases are still open at the end.
 */
final class DeviationEngine implements Iterator<DeviationEngine.Due> {
  /** Covers the longest time to report: {@link DeviationCalendar#MAX_TIME_TO_WRITE} + a weekend. */
  private static final long WARM_UP =
      DeviationCalendar.MAX_TIME_TO_WRITE + DeviationCalendar.MAX_WAIT_FOR_OFFICE + DAY;

  private static final long MILLIS_PER_YEAR = 365 * DAY;
  private static final long MIN_STEP = HOUR;

  /** The time of a step that does not happen to the case. */
  private static final long NONE = Long.MIN_VALUE;

  /** Poisson draws by multiplication stay exact below this mean. */
  private static final double POISSON_CHUNK = 100;

  /**
   * One event due to be sent.
   *
   * @param sendAt when it is sent: its event time, unless a deviation fault moves it
   * @param eventTime the event time in its envelope
   * @param step the change it carries
   * @param kind its record kind: the step's, or the fault's
   */
  record Due(
      long sendAt, long eventTime, DeviationCase deviationCase, CaseStep step, RecordKind kind) {}

  private final List<SimulatedUnit> units;
  private final SeededEvents seeded;
  private final WeightedChoice unitChoice;
  private final double casesPerHour;
  private final DeviationFaultRates faults;
  private final SplittableRandom rng;
  private final SplittableRandom faultRng;
  private final HourlyAgenda agenda;
  private final long start;
  private final long end;
  private long nextTick;
  private Due next;

  /**
   * @param rng draws the cases
   * @param faultRng draws the deviation faults, so the cases are the same whatever their rates
   */
  DeviationEngine(
      SimulatedRegion region,
      double reportsPerBedYear,
      DeviationFaultRates faults,
      SplittableRandom rng,
      SplittableRandom faultRng,
      long start,
      long end,
      SeededEvents seeded) {
    this.seeded = seeded;
    this.units = region.units();
    this.unitChoice =
        new WeightedChoice(units.stream().mapToDouble(DeviationFlow::unitWeight).toArray());
    this.casesPerHour =
        reportsPerBedYear * region.totalAvailableBeds() * HOUR / (double) MILLIS_PER_YEAR;
    this.faults = faults;
    this.rng = rng;
    this.faultRng = faultRng;
    this.start = start;
    this.end = end;
    // Hour-aligned ticks: Swedish time zone offsets are whole hours, so these are local hours too.
    this.nextTick = Math.floorDiv(start - WARM_UP, HOUR) * HOUR;
    // Nothing is sent after the end but reports held back by a fault, for at most two days.
    this.agenda = new HourlyAgenda(nextTick, end + 3 * DAY);
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      // Every event planned from now on is sent at or after the next tick.
      next = agenda.poll(nextTick < end ? nextTick : Long.MAX_VALUE);
      if (next == null) {
        if (nextTick >= end) {
          return false;
        }
        hourTick();
      }
    }
    return true;
  }

  @Override
  public Due next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Due result = next;
    next = null;
    return result;
  }

  private void hourTick() {
    long hour = nextTick;
    nextTick += HOUR;
    for (SeededEvents.SameDayInjury s : seeded.injuries()) {
      long occurred = s.occurred().toEpochMilli();
      if (occurred >= hour && occurred < hour + HOUR) {
        planSeeded(s);
      }
    }
    double intensity = DeviationCalendar.occurrenceIntensity(CareCalendar.local(hour));
    int occurring = poisson(casesPerHour * intensity);
    for (int i = 0; i < occurring; i++) {
      long occurred = hour + rng.nextLong(HOUR);
      long reported = DeviationCalendar.reportTime(occurred, rng);
      if (reported >= start && reported < end) {
        plan(occurred, reported);
      }
    }
  }

  /** A seeded serious care injury: reported, classified the same day, closed a month later. */
  private void planSeeded(SeededEvents.SameDayInjury s) {
    SimulatedUnit unit =
        units.stream().filter(u -> u.code().equals(s.unitCode())).findFirst().orElseThrow();
    DeviationCase c =
        new DeviationCase(
            s.caseRef(),
            unit,
            s.occurred().toEpochMilli(),
            DeviationCategory.CARE_AND_TREATMENT,
            DeviationType.NEGATIVE_EVENT,
            4,
            3,
            null,
            true);
    long classified = s.classified().toEpochMilli();
    plan(s.reported().toEpochMilli(), c, CaseStep.REPORTED);
    plan(classified, c, CaseStep.CLASSIFIED);
    plan(classified + 30 * DAY, c, CaseStep.CLOSED);
  }

  /** Draws a case and plans its whole life; see {@link DeviationFlow} for the calibration. */
  private void plan(long occurred, long reported) {
    SimulatedUnit unit = units.get(unitChoice.pick(rng));
    DeviationType type = DeviationFlow.type(rng);
    int consequence = DeviationFlow.consequence(type, rng);
    boolean serious =
        type == DeviationType.NEGATIVE_EVENT
            && consequence >= 3
            && rng.nextDouble() < DeviationFlow.SERIOUS_GIVEN_GRAVE_HARM;
    DeviationCase c =
        new DeviationCase(
            Pseudonyms.format('C', rng.nextLong()),
            unit,
            occurred,
            DeviationFlow.category(unit, rng),
            type,
            consequence,
            DeviationFlow.likelihood(rng),
            rng.nextDouble() < DeviationFlow.patientShare(type)
                ? Pseudonyms.format('P', rng.nextLong())
                : null,
            serious);

    long classified = reported + atLeastAnHour(DeviationFlow.CLASSIFICATION);
    long investigation = NONE;
    long actions = NONE;
    long closed;
    if (c.eventAnalysis) {
      long due = reported + DeviationFlow.EVENT_ANALYSIS_START.sampleMillis(rng);
      investigation = Math.max(classified + MIN_STEP, due);
      actions = investigation + atLeastAnHour(DeviationFlow.EVENT_ANALYSIS_LENGTH);
      closed = actions + atLeastAnHour(DeviationFlow.CLOSE_AFTER_ACTIONS);
    } else {
      closed = classified + atLeastAnHour(DeviationFlow.ORDINARY_HANDLING);
      long handling = closed - classified;
      if (rng.nextDouble() < DeviationFlow.ORDINARY_INVESTIGATION_SHARE) {
        investigation = classified + (long) (handling * (0.05 + 0.35 * rng.nextDouble()));
      }
      if (rng.nextDouble() < DeviationFlow.ORDINARY_ACTIONS_SHARE) {
        actions = classified + (long) (handling * (0.5 + 0.45 * rng.nextDouble()));
      }
    }
    long filed = NONE;
    if (serious && rng.nextDouble() < DeviationFlow.LEX_MARIA_GIVEN_SERIOUS) {
      filed =
          Math.max(
              occurred + DeviationFlow.LEX_MARIA_AFTER_OCCURRENCE.sampleMillis(rng),
              classified + DAY);
      closed = Math.max(closed, filed + atLeastAnHour(DeviationFlow.CLOSE_AFTER_LEX_MARIA));
    }
    long reclassified = NONE;
    if (rng.nextDouble() < DeviationFlow.RECLASSIFIED_SHARE) {
      reclassified = classified + (long) ((closed - classified) * (0.2 + 0.7 * rng.nextDouble()));
      c.reclassifiedConsequence = DeviationFlow.changedConsequence(consequence, serious, rng);
    }
    long reopened = NONE;
    long closedAgain = NONE;
    if (rng.nextDouble() < DeviationFlow.REOPENED_SHARE) {
      reopened =
          closed + days(DeviationFlow.REOPEN_AFTER_MIN_DAYS, DeviationFlow.REOPEN_AFTER_MAX_DAYS);
      closedAgain =
          reopened + days(DeviationFlow.CLOSE_AGAIN_MIN_DAYS, DeviationFlow.CLOSE_AGAIN_MAX_DAYS);
    }
    long complaint = NONE;
    long answered = NONE;
    if (rng.nextDouble() < DeviationFlow.COMPLAINT_SHARE) {
      complaint =
          reported
              + days(
                  DeviationFlow.COMPLAINT_AFTER_MIN_DAYS, DeviationFlow.COMPLAINT_AFTER_MAX_DAYS);
      answered = complaint + atLeastAnHour(DeviationFlow.COMPLAINT_ANSWER);
    }

    planReport(c, reported, closed);
    plan(classified, c, CaseStep.CLASSIFIED);
    plan(reclassified, c, CaseStep.RECLASSIFIED);
    plan(investigation, c, CaseStep.INVESTIGATION_STARTED);
    plan(actions, c, CaseStep.ACTIONS_DECIDED);
    plan(filed, c, CaseStep.LEX_MARIA_FILED);
    plan(closed, c, CaseStep.CLOSED);
    plan(reopened, c, CaseStep.REOPENED);
    plan(closedAgain, c, CaseStep.CLOSED);
    plan(complaint, c, CaseStep.COMPLAINT_RECEIVED);
    plan(answered, c, CaseStep.COMPLAINT_ANSWERED);
    planOtherFaults(c, reported);
  }

  /** The report, at its event time, or after the close if the case is to have that fault. */
  private void planReport(DeviationCase c, long reported, long closed) {
    if (faultRng.nextDouble() < faults.reportAfterClose() && closed < end) {
      long sendAt = closed + HOUR + faultRng.nextLong(2 * DAY - HOUR);
      schedule(sendAt, reported, c, CaseStep.REPORTED, RecordKind.REPORT_AFTER_CLOSE);
    } else {
      plan(reported, c, CaseStep.REPORTED);
    }
  }

  private void planOtherFaults(DeviationCase c, long reported) {
    if (faultRng.nextDouble() < faults.orphanEvent()) {
      SimulatedUnit unit = units.get(faultRng.nextInt(units.size()));
      DeviationCase orphan =
          DeviationCase.orphan(Pseudonyms.format('C', faultRng.nextLong()), unit);
      CaseStep step = faultRng.nextBoolean() ? CaseStep.CLOSED : CaseStep.ACTIONS_DECIDED;
      long time = reported + HOUR + faultRng.nextLong(7 * DAY - HOUR);
      if (time < end) {
        schedule(time, time, orphan, step, RecordKind.ORPHAN_EVENT);
      }
    }
    if (faultRng.nextDouble() < faults.impossibleOrder()) {
      long mistyped = c.occurred - DAY - faultRng.nextLong(29 * DAY);
      long sendAt = reported + HOUR + faultRng.nextLong(7 * DAY - HOUR);
      if (mistyped >= start && sendAt < end) {
        schedule(sendAt, mistyped, c, CaseStep.CLOSED, RecordKind.IMPOSSIBLE_ORDER);
      }
    }
  }

  /** A valid event, sent at its event time if that is inside the period. */
  private void plan(long time, DeviationCase c, CaseStep step) {
    if (time != NONE && time < end) {
      schedule(time, time, c, step, step.kind);
    }
  }

  private void schedule(
      long sendAt, long eventTime, DeviationCase c, CaseStep step, RecordKind kind) {
    agenda.add(new Due(sendAt, eventTime, c, step, kind));
  }

  private long atLeastAnHour(LognormalDelay delay) {
    return Math.max(MIN_STEP, delay.sampleMillis(rng));
  }

  /** Uniformly between whole days. */
  private long days(int min, int max) {
    return min * DAY + rng.nextLong((max - min) * DAY);
  }

  private int poisson(double mean) {
    int n = 0;
    double rest = mean;
    while (rest > POISSON_CHUNK) {
      n += poissonBelowChunk(POISSON_CHUNK);
      rest -= POISSON_CHUNK;
    }
    return n + poissonBelowChunk(rest);
  }

  private int poissonBelowChunk(double mean) {
    double limit = Math.exp(-mean);
    int n = 0;
    for (double p = rng.nextDouble(); p > limit; p *= rng.nextDouble()) {
      n++;
    }
    return n;
  }
}
