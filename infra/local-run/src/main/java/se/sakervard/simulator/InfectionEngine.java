package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.HOUR;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import se.sakervard.schemas.infections.InfectionObservation;
import se.sakervard.schemas.infections.InfectionType;
import se.sakervard.schemas.infections.MultiResistantOrganism;

/**
 * Infection observations as a discrete-event simulation: an hourly tick draws the VRI onsets,
 * outbreaks, hygiene observations and resistant findings of the hour, and at midnight of a survey
 * day plans the whole point-prevalence survey. Each thing is planned at once with its event time (a
 * case's confirmation comes hours to days after its onset) and put on an agenda, which hands them
 * out in event-time order.
 *
 * <p>VRI cases start two months early so that the first survey finds the infections still going on;
 * only cases with their onset inside the period and confirmed in it are sent. Each kind of
 * observation draws from its own random stream, so changing the outbreak rate, say, leaves the
 * sporadic cases and hygiene observations as they were.
 */
final class InfectionEngine implements Iterator<InfectionEngine.Due> {
  private static final long WARM_UP = InfectionFlow.MAX_INFECTION_DURATION;
  private static final double HOURS_PER_YEAR = 365.25 * 24;

  /** Poisson draws by multiplication stay exact below this mean. */
  private static final double POISSON_CHUNK = 100;

  /** Units of a hospital are numbered from 1 to at most 26; these codes are never in the region. */
  private static final int FIRST_UNKNOWN_UNIT = 90;

  private static final int UNKNOWN_UNITS = 10;

  private static final Comparator<Due> EVENT_ORDER =
      Comparator.comparingLong(Due::time).thenComparingLong(Due::sequence);

  /**
   * One observation due to be sent, at its event time.
   *
   * @param sequence the order it was planned in, which breaks ties of time
   * @param key the record's Kafka key
   */
  record Due(long time, long sequence, RecordKind kind, String key, InfectionObservation event) {}

  /** A VRI while it lasts, for the surveys. */
  private record Infection(long onset, long end, String patientRef, InfectionType type) {}

  private final SimulatedRegion region;
  private final List<SimulatedUnit> units;
  private final InfectionEventFactory events;
  private final InfectionFaultRates faults;
  private final SplittableRandom caseRng;
  private final SplittableRandom outbreakRng;
  private final SplittableRandom surveyRng;
  private final SplittableRandom hygieneRng;
  private final SplittableRandom findingRng;
  private final SplittableRandom faultRng;
  private final long start;
  private final long end;

  /** By staffing state ({@link #state}): units weighted by VRI risk × occupied beds. */
  private final WeightedChoice[] caseUnits = new WeightedChoice[4];

  /** By staffing state: units weighted by occupied beds. */
  private final WeightedChoice[] bedUnits = new WeightedChoice[4];

  /** By staffing state: new VRI per hour in a season of average gastroenteritis. */
  private final double[] casesPerHour = new double[4];

  /** By staffing state: resistant findings per hour. */
  private final double[] findingsPerHour = new double[4];

  private final double outbreaksPerHour;
  private final double observationsPerHour;

  /** By unit index: the VRI that may still be going on. */
  private final List<List<Infection>> infections = new ArrayList<>();

  private final List<SeededOutbreak> outbreaks;

  /**
   * Planned observations not yet handed out. A heap does here (unlike the deviation engine's {@link
   * HourlyAgenda}): a national run has only a few thousand planned at a time, cases waiting for
   * their confirmation, but for a survey day's 17,000 records.
   */
  private final PriorityQueue<Due> agenda = new PriorityQueue<>(EVENT_ORDER);

  private long sequence;
  private long nextTick;

  /** The hour being simulated: nothing planned from now on begins before it. */
  private long currentHour;

  /**
   * @param rng seeds the random streams of the observations
   * @param faultRng draws the infection faults, so the observations are the same whatever their
   *     rates
   * @param outbreaks where the seeded outbreaks are added as they are planned
   */
  InfectionEngine(
      SimulatedRegion region,
      InfectionEventFactory events,
      double outbreaksPerHospitalYear,
      InfectionFaultRates faults,
      SplittableRandom rng,
      SplittableRandom faultRng,
      List<SeededOutbreak> outbreaks,
      long start,
      long end) {
    this.region = region;
    this.units = region.units();
    this.events = events;
    this.faults = faults;
    this.caseRng = rng.split();
    this.outbreakRng = rng.split();
    this.surveyRng = rng.split();
    this.hygieneRng = rng.split();
    this.findingRng = rng.split();
    this.faultRng = faultRng;
    this.outbreaks = outbreaks;
    this.start = start;
    this.end = end;
    this.outbreaksPerHour = outbreaksPerHospitalYear * region.hospitals().size() / HOURS_PER_YEAR;
    this.observationsPerHour =
        InfectionFlow.OBSERVATIONS_PER_UNIT_MONTH
            * units.size()
            / InfectionFlow.OBSERVATION_HOURS_PER_MONTH;
    double vriPerRiskPatientDay = vriPerRiskPatientDay();
    for (int state = 0; state < 4; state++) {
      boolean summer = state >= 2;
      boolean weekendClosure = state % 2 == 1;
      double[] beds = new double[units.size()];
      double[] riskBeds = new double[units.size()];
      for (int u = 0; u < units.size(); u++) {
        SimulatedUnit unit = units.get(u);
        beds[u] = InfectionFlow.occupiedBeds(unit, summer, weekendClosure);
        riskBeds[u] = beds[u] * InfectionFlow.risk(unit);
      }
      bedUnits[state] = new WeightedChoice(beds);
      caseUnits[state] = new WeightedChoice(riskBeds);
      casesPerHour[state] = vriPerRiskPatientDay * sum(riskBeds) / 24;
      findingsPerHour[state] = InfectionFlow.FINDINGS_PER_PATIENT_DAY * sum(beds) / 24;
    }
    units.forEach(u -> infections.add(new ArrayList<>()));
    // Hour-aligned ticks: Swedish time zone offsets are whole hours, so these are local hours too.
    this.nextTick = Math.floorDiv(start - WARM_UP, HOUR) * HOUR;
  }

  @Override
  public boolean hasNext() {
    // Everything planned from now on has its event time at or after the next tick.
    while (agenda.isEmpty() || (nextTick < end && agenda.peek().time() >= nextTick)) {
      if (nextTick >= end) {
        return false;
      }
      hourTick();
    }
    return true;
  }

  @Override
  public Due next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return agenda.poll();
  }

  /**
   * The VRI rate per patient day of a unit of risk 1, so that the region's ordinary weeks come to
   * {@link InfectionFlow#VRI_PER_1000_PATIENT_DAYS} over all its patient days.
   */
  private double vriPerRiskPatientDay() {
    double patientDays = 0;
    double riskPatientDays = 0;
    for (SimulatedUnit unit : units) {
      double beds = InfectionFlow.occupiedBeds(unit, false, false);
      patientDays += beds;
      riskPatientDays += beds * InfectionFlow.risk(unit);
    }
    return InfectionFlow.VRI_PER_1000_PATIENT_DAYS / 1000 * patientDays / riskPatientDays;
  }

  private void hourTick() {
    long hour = nextTick;
    currentHour = hour;
    nextTick += HOUR;
    LocalDateTime local = CareCalendar.local(hour);
    LocalDate day = local.toLocalDate();
    boolean winter = InfectionFlow.winter(day);
    int state = state(local);
    if (local.getHour() == 0 && InfectionFlow.surveyDay(day)) {
      planSurvey(day, hour);
    }
    sporadicCases(hour, state, winter);
    // The warm-up only needs the sporadic infections going on; the rest starts with the period.
    if (hour + HOUR > start) {
      outbreaks(hour, state, winter);
      hygieneObservations(hour, local);
      findings(hour, state);
    }
  }

  /** The staffing state: summer closures (2) plus weekend closures (1). */
  private static int state(LocalDateTime local) {
    LocalDate day = local.toLocalDate();
    return (CareCalendar.summer(day) ? 2 : 0) + (CareCalendar.weekendClosure(local) ? 1 : 0);
  }

  /**
   * The expected new sporadic VRI per hour on the unit (by index) in the hour starting at {@code
   * hour}: the rate {@link #sporadicCases} draws from.
   */
  double sporadicCasesPerHour(int unit, long hour) {
    LocalDateTime local = CareCalendar.local(hour);
    int state = state(local);
    return casesPerHour[state]
        * InfectionFlow.seasonFactor(InfectionFlow.winter(local.toLocalDate()))
        * caseUnits[state].share(unit);
  }

  private void sporadicCases(long hour, int state, boolean winter) {
    int count = poisson(casesPerHour[state] * InfectionFlow.seasonFactor(winter), caseRng);
    for (int i = 0; i < count; i++) {
      int u = caseUnits[state].pick(caseRng);
      SimulatedUnit unit = units.get(u);
      long onset = hour + caseRng.nextLong(HOUR);
      InfectionType type = InfectionFlow.type(winter, unit, caseRng);
      String organism = InfectionFlow.organism(type, winter, caseRng);
      String patientRef = Pseudonyms.format('P', caseRng.nextLong());
      String caseRef = Pseudonyms.format('I', caseRng.nextLong());
      long confirmed = onset + InfectionFlow.labDelay(caseRng);
      infect(u, onset, InfectionFlow.infectionDuration(caseRng), patientRef, type);
      if (onset >= start && confirmed < end) {
        planCase(
            RecordKind.INFECTION_CASE, unit, confirmed, caseRef, patientRef, onset, type, organism);
      }
    }
  }

  /**
   * Seeds the outbreaks starting in the hour on a unit picked by its occupied beds: 3-8 cases of
   * one organism, each onset within the detection window of the one before; see {@link
   * InfectionFlow#OUTBREAK_KINDS}.
   */
  private void outbreaks(long hour, int state, boolean winter) {
    int count = poisson(outbreaksPerHour, outbreakRng);
    for (int i = 0; i < count; i++) {
      int u = bedUnits[state].pick(outbreakRng);
      SimulatedUnit unit = units.get(u);
      InfectionFlow.OutbreakKind kind = InfectionFlow.outbreakKind(winter, outbreakRng);
      int cases = InfectionFlow.outbreakCases(outbreakRng);
      long onset = hour + outbreakRng.nextLong(HOUR);
      if (onset < start) {
        continue;
      }
      long firstOnset = onset;
      long lastOnset = onset;
      List<String> sent = new ArrayList<>();
      for (int c = 0; c < cases; c++) {
        if (c > 0) {
          onset += InfectionFlow.outbreakGap(kind.organism(), outbreakRng);
        }
        String patientRef = Pseudonyms.format('P', outbreakRng.nextLong());
        String caseRef = Pseudonyms.format('I', outbreakRng.nextLong());
        long confirmed = onset + InfectionFlow.labDelay(outbreakRng);
        infect(u, onset, InfectionFlow.infectionDuration(outbreakRng), patientRef, kind.type());
        // Cut at the first case confirmed after the end, so the cases sent stay consecutive.
        if (confirmed < end && sent.size() == c) {
          planCase(
              RecordKind.OUTBREAK_CASE,
              unit,
              confirmed,
              caseRef,
              patientRef,
              onset,
              kind.type(),
              kind.organism());
          sent.add(caseRef);
          lastOnset = onset;
        }
      }
      if (!sent.isEmpty()) {
        outbreaks.add(
            new SeededOutbreak(
                unit.hospitalCode(),
                unit.code(),
                kind.organism(),
                kind.type(),
                sent,
                Instant.ofEpochMilli(firstOnset),
                Instant.ofEpochMilli(lastOnset)));
      }
    }
  }

  private void planCase(
      RecordKind kind,
      SimulatedUnit unit,
      long confirmed,
      String caseRef,
      String patientRef,
      long onset,
      InfectionType type,
      String organism) {
    plan(
        kind,
        caseRef,
        events.infectionCase(
            confirmed,
            unit.hospitalCode(),
            unit.code(),
            false,
            caseRef,
            patientRef,
            onset,
            type,
            organism));
    if (faultRng.nextDouble() < faults.unknownUnit()) {
      long faultOnset = onset + faultRng.nextLong(HOUR);
      long faultConfirmed = confirmed + faultRng.nextLong(HOUR);
      if (faultConfirmed < end) {
        String unknownUnit =
            String.format(
                "%s-U%02d",
                unit.hospitalCode(), FIRST_UNKNOWN_UNIT + faultRng.nextInt(UNKNOWN_UNITS));
        InfectionType faultType = InfectionFlow.type(false, unit, faultRng);
        String faultRef = Pseudonyms.format('I', faultRng.nextLong());
        plan(
            RecordKind.UNKNOWN_UNIT_CASE,
            faultRef,
            events.infectionCase(
                faultConfirmed,
                unit.hospitalCode(),
                unknownUnit,
                true,
                faultRef,
                Pseudonyms.format('P', faultRng.nextLong()),
                faultOnset,
                faultType,
                InfectionFlow.organism(faultType, false, faultRng)));
      }
    }
  }

  /** Keeps a VRI for the surveys, forgetting those over before the hour being simulated. */
  private void infect(int unit, long onset, long duration, String patientRef, InfectionType type) {
    List<Infection> going = infections.get(unit);
    if (going.size() > 32) {
      going.removeIf(f -> f.end() <= currentHour);
    }
    going.add(new Infection(onset, onset + duration, patientRef, type));
  }

  /**
   * Every unit's inpatients (each of its available beds taken at the unit's occupancy), those with
   * a VRI going on at the survey day's midnight first given their infection, in random order. A
   * patient with two infections going on would have both listed, but each case has its own patient
   * here.
   */
  private void planSurvey(LocalDate day, long midnight) {
    String surveyId = region.regionCode() + "-PPM-" + day;
    boolean summer = CareCalendar.summer(day);
    long opens = CareCalendar.millis(day, LocalTime.of(InfectionFlow.SURVEY_OPENS, 0));
    long roundWindow = (InfectionFlow.SURVEY_LAST_ROUND_STARTS - InfectionFlow.SURVEY_OPENS) * HOUR;
    for (int u = 0; u < units.size(); u++) {
      SimulatedUnit unit = units.get(u);
      int patients = binomial(unit.availableBeds(summer, false), InfectionFlow.occupancy(unit));
      List<Infection> going = new ArrayList<>();
      for (Infection f : infections.get(u)) {
        if (f.onset() <= midnight && midnight < f.end() && going.size() < patients) {
          going.add(f);
        }
      }
      String[] refs = new String[patients];
      InfectionType[] types = new InfectionType[patients];
      for (int p = 0; p < patients; p++) {
        if (p < going.size()) {
          refs[p] = going.get(p).patientRef();
          types[p] = going.get(p).type();
        } else {
          refs[p] = Pseudonyms.format('P', surveyRng.nextLong());
        }
      }
      shuffle(refs, types);
      long time = opens + surveyRng.nextLong(roundWindow);
      for (int p = 0; p < patients; p++) {
        time +=
            InfectionFlow.MIN_SURVEY_GAP
                + surveyRng.nextLong(InfectionFlow.MAX_SURVEY_GAP - InfectionFlow.MIN_SURVEY_GAP);
        List<InfectionType> found = types[p] == null ? List.of() : List.of(types[p]);
        String key = surveyId + "/" + refs[p];
        if (time >= start && time < end) {
          plan(
              RecordKind.SURVEY_RECORD,
              key,
              events.surveyRecord(time, unit, false, surveyId, refs[p], found));
          if (faultRng.nextDouble() < faults.surveyRecordTwice()) {
            long again = time + 5 * 60_000L + faultRng.nextLong(3 * HOUR - 5 * 60_000L);
            if (again < end) {
              plan(
                  RecordKind.SURVEY_RECORD_REPEATED,
                  key,
                  events.surveyRecord(again, unit, true, surveyId, refs[p], found));
            }
          }
        }
      }
    }
  }

  /** On weekdays in daytime, on units picked alike; see {@link InfectionFlow#hygieneResults}. */
  private void hygieneObservations(long hour, LocalDateTime local) {
    DayOfWeek weekday = local.getDayOfWeek();
    if (weekday == DayOfWeek.SATURDAY
        || weekday == DayOfWeek.SUNDAY
        || local.getHour() < InfectionFlow.OBSERVATION_OPENS
        || local.getHour() >= InfectionFlow.OBSERVATION_CLOSES) {
      return;
    }
    int count = poisson(observationsPerHour, hygieneRng);
    for (int i = 0; i < count; i++) {
      SimulatedUnit unit = units.get(hygieneRng.nextInt(units.size()));
      long time = hour + hygieneRng.nextLong(HOUR);
      boolean[] correct = InfectionFlow.hygieneResults(hygieneRng);
      String ref = Pseudonyms.format('H', hygieneRng.nextLong());
      if (time < start || time >= end) {
        continue;
      }
      int missing = -1;
      RecordKind kind = RecordKind.HYGIENE_OBSERVATION;
      if (faultRng.nextDouble() < faults.missingStep()) {
        missing = faultRng.nextInt(InfectionFlow.STEPS);
        kind = RecordKind.HYGIENE_STEP_MISSING;
      }
      plan(kind, ref, events.hygieneObservation(time, unit, ref, correct, missing));
    }
  }

  /** Found at any hour, on units picked by their occupied beds. */
  private void findings(long hour, int state) {
    int count = poisson(findingsPerHour[state], findingRng);
    for (int i = 0; i < count; i++) {
      SimulatedUnit unit = units.get(bedUnits[state].pick(findingRng));
      long time = hour + findingRng.nextLong(HOUR);
      MultiResistantOrganism organism = InfectionFlow.findingOrganism(findingRng);
      String patientRef = Pseudonyms.format('P', findingRng.nextLong());
      String ref = Pseudonyms.format('M', findingRng.nextLong());
      if (time >= start && time < end) {
        plan(
            RecordKind.MULTI_RESISTANT_FINDING,
            ref,
            events.finding(time, unit, ref, patientRef, organism));
      }
    }
  }

  private void plan(RecordKind kind, String key, InfectionObservation event) {
    long time = event.getEnvelope().getEventTime().toEpochMilli();
    agenda.add(new Due(time, sequence++, kind, key, event));
  }

  private void shuffle(String[] refs, InfectionType[] types) {
    for (int i = refs.length - 1; i > 0; i--) {
      int j = surveyRng.nextInt(i + 1);
      String ref = refs[i];
      refs[i] = refs[j];
      refs[j] = ref;
      InfectionType type = types[i];
      types[i] = types[j];
      types[j] = type;
    }
  }

  private int binomial(int n, double p) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (surveyRng.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum;
  }

  private static int poisson(double mean, SplittableRandom rng) {
    int n = 0;
    double rest = mean;
    while (rest > POISSON_CHUNK) {
      n += poissonBelowChunk(POISSON_CHUNK, rng);
      rest -= POISSON_CHUNK;
    }
    return n + poissonBelowChunk(rest, rng);
  }

  private static int poissonBelowChunk(double mean, SplittableRandom rng) {
    double limit = Math.exp(-mean);
    int n = 0;
    for (double p = rng.nextDouble(); p > limit; p *= rng.nextDouble()) {
      n++;
    }
    return n;
  }
}
