package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.DAY;
import static se.sakervard.simulator.CareCalendar.HOUR;

import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import se.sakervard.schemas.census.CensusEvent;

/**
 * The patient flow of a region as a discrete-event simulation: an agenda of future actions
 * (arrivals, moves, discharges, the hourly staffing check) run in time order, each emitting the
 * census events it causes. Events therefore come out in non-decreasing event time.
 *
 * <p>The simulation starts four weeks before the requested start so that the wards are full when it
 * opens; at the start it emits every unit's available beds and then an admission for every patient
 * present (the initial census), and from then on the events as they happen.
 */
final class CensusEngine implements Iterator<CensusEvent> {
  /** Enough for the wards to fill to their steady state: few stays last longer. */
  private static final long WARM_UP = 28 * DAY;

  private static final long MIN_STAY = 2 * HOUR;

  /** An action on the agenda; ties in time run in the order they were scheduled. */
  private record Pending(long time, long sequence, Runnable action) implements Comparable<Pending> {
    @Override
    public int compareTo(Pending other) {
      // Direct comparison: the agenda's ordering is the simulator's hottest code.
      return time != other.time
          ? Long.compare(time, other.time)
          : Long.compare(sequence, other.sequence);
    }
  }

  private final List<SimulatedUnit> units;
  private final HospitalFlow[] hospitals;
  private final int[] hospitalOf;
  private final PatientFlow flow;
  private final int[] beds;
  private final SeededEvents seeded;
  private final int[] occupied;
  private final ArrayDeque<Stay>[] waitingToMoveHome;
  private final boolean[] moveHomePlanned;
  private final LinkedHashSet<Stay> admitted = new LinkedHashSet<>();
  private final PriorityQueue<Pending> agenda = new PriorityQueue<>();
  private final ArrayDeque<CensusEvent> ready = new ArrayDeque<>();
  private final SplittableRandom rng;
  private final CensusEventFactory events;
  private final long start;
  private final long end;
  private long now;
  private long sequence;
  private boolean open;

  @SuppressWarnings("unchecked")
  CensusEngine(
      SimulatedRegion region,
      PatientFlow flow,
      SplittableRandom rng,
      CensusEventFactory events,
      long start,
      long end,
      SeededEvents seeded) {
    this.seeded = seeded;
    this.units = region.units();
    this.flow = flow;
    this.rng = rng;
    this.events = events;
    this.start = start;
    this.end = end;
    int unitCount = units.size();
    this.beds = new int[unitCount];
    this.occupied = new int[unitCount];
    this.waitingToMoveHome = new ArrayDeque[unitCount];
    this.moveHomePlanned = new boolean[unitCount];
    this.hospitalOf = new int[unitCount];
    this.hospitals = new HospitalFlow[region.hospitals().size()];
    int first = 0;
    for (int h = 0; h < hospitals.length; h++) {
      int count = region.hospitals().get(h).units().size();
      hospitals[h] = new HospitalFlow(units, first, count, flow);
      for (int u = first; u < first + count; u++) {
        hospitalOf[u] = h;
        waitingToMoveHome[u] = new ArrayDeque<>();
      }
      first += count;
    }
    // Hour-aligned ticks: Swedish time zone offsets are whole hours, so these are local hours too.
    long warmUpStart = Math.floorDiv(start - WARM_UP, HOUR) * HOUR;
    schedule(warmUpStart, this::hourTick);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && step()) {
      // Steps that emit nothing: warm-up, arrivals only scheduled, moves that did not happen.
    }
    return !ready.isEmpty();
  }

  @Override
  public CensusEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private boolean step() {
    Pending next = agenda.peek();
    if (!open && next.time() >= start) {
      open = true;
      if (start < end) {
        openCensus();
      }
      return true;
    }
    if (next.time() >= end) {
      return false;
    }
    agenda.poll();
    now = next.time();
    next.action().run();
    return true;
  }

  private void schedule(long time, Runnable action) {
    agenda.add(new Pending(time, sequence++, action));
  }

  private void emit(CensusEvent event) {
    if (open) {
      ready.add(event);
    }
  }

  /** The state at the start, told as events: beds first, so no unit is ever seen without them. */
  private void openCensus() {
    now = start;
    for (int u = 0; u < units.size(); u++) {
      emit(events.availableBeds(now, units.get(u), beds[u]));
    }
    for (Stay stay : admitted) {
      emit(events.admission(now, stay, units.get(stay.lyingUnit), units.get(stay.responsibleUnit)));
    }
  }

  private void hourTick() {
    LocalDateTime local = CareCalendar.local(now);
    boolean summer = CareCalendar.summer(local.toLocalDate());
    boolean weekendClosure = CareCalendar.weekendClosure(local);
    for (int u = 0; u < units.size(); u++) {
      SimulatedUnit unit = units.get(u);
      int staffed =
          (int)
              Math.round(
                  unit.availableBeds(summer, weekendClosure)
                      * seeded.bedShare(unit.hospitalCode(), now));
      if (staffed != beds[u]) {
        beds[u] = staffed;
        emit(events.availableBeds(now, units.get(u), staffed));
        bedFreed(u);
      }
    }
    double intensity = CareCalendar.arrivalIntensity(local);
    for (int h = 0; h < hospitals.length; h++) {
      int arrivals = poisson(hospitals[h].arrivalsPerDay() / 24 * intensity);
      for (int i = 0; i < arrivals; i++) {
        int hospital = h;
        schedule(now + rng.nextLong(HOUR), () -> arrive(hospital));
      }
    }
    schedule(now + HOUR, this::hourTick);
  }

  private void arrive(int h) {
    HospitalFlow hospital = hospitals[h];
    double stream = rng.nextDouble() * hospital.arrivalsPerDay();
    if (stream < hospital.intensiveCarePerDay) {
      admitToIntensiveCare(hospital);
    } else if (stream < hospital.intensiveCarePerDay + hospital.psychiatryPerDay) {
      Stay stay = admit(hospital.psychiatry, hospital.psychiatry);
      planDischarge(stay, now, flow.psychiatryDays());
    } else {
      admitToWard(hospital);
    }
  }

  private void admitToWard(HospitalFlow hospital) {
    int ward = hospital.pickWard(beds, rng);
    Stay stay = admit(place(hospital, ward), ward);
    long discharge = planDischarge(stay, now, flow.somaticDays());
    if (discharge - now > DAY && rng.nextDouble() < flow.specialtyTransferShare()) {
      // Somewhere in the middle of the stay, e.g. a medical patient handed over to geriatrics.
      long at = now + (long) ((discharge - now) * (0.25 + 0.4 * rng.nextDouble()));
      schedule(at, () -> transferToOtherSpecialty(stay));
    }
  }

  private void admitToIntensiveCare(HospitalFlow hospital) {
    Stay stay = admit(hospital.intensiveCare, hospital.intensiveCare);
    long stepDown = now + Math.max(MIN_STAY, flow.intensiveCareDays().sampleMillis(rng));
    schedule(
        stepDown,
        () -> {
          int ward = hospital.pickWard(beds, rng);
          move(stay, place(hospital, ward), ward);
          planDischarge(stay, now, flow.afterIntensiveCareDays());
        });
  }

  /** The ward's own bed, or when it is full, perhaps the freest other ward of the hospital. */
  private int place(HospitalFlow hospital, int ward) {
    if (occupied[ward] < beds[ward] || rng.nextDouble() >= flow.outlyingWhenFull()) {
      return ward;
    }
    int best = ward;
    int mostFree = 0;
    for (int w : hospital.wards) {
      int free = beds[w] - occupied[w];
      if (free > mostFree) {
        best = w;
        mostFree = free;
      }
    }
    return best;
  }

  private long planDischarge(Stay stay, long from, StayLength length) {
    long earliest = from + MIN_STAY;
    long discharge = CareCalendar.dischargeTime(earliest, from + length.sampleMillis(rng), rng);
    schedule(discharge, () -> discharge(stay));
    return discharge;
  }

  private void transferToOtherSpecialty(Stay stay) {
    HospitalFlow hospital = hospitals[hospitalOf[stay.lyingUnit]];
    if (hospitals.length > 1 && rng.nextDouble() < flow.otherHospitalShare()) {
      hospital = hospitals[rng.nextInt(hospitals.length)];
    }
    int ward = hospital.pickWard(beds, rng);
    if (ward != stay.lyingUnit && ward != stay.responsibleUnit) {
      move(stay, ward, ward);
    }
  }

  private Stay admit(int lying, int responsible) {
    Stay stay =
        new Stay(
            Pseudonyms.format('S', rng.nextLong()),
            Pseudonyms.format('P', rng.nextLong()),
            responsible,
            lying);
    occupied[lying]++;
    admitted.add(stay);
    if (stay.outlying()) {
      waitingToMoveHome[responsible].add(stay);
    }
    emit(events.admission(now, stay, units.get(lying), units.get(responsible)));
    return stay;
  }

  private void move(Stay stay, int to, int responsible) {
    int from = stay.lyingUnit;
    occupied[from]--;
    occupied[to]++;
    stay.lyingUnit = to;
    stay.responsibleUnit = responsible;
    if (stay.outlying()) {
      waitingToMoveHome[responsible].add(stay);
    }
    emit(events.transfer(now, stay, units.get(from), units.get(to), units.get(responsible)));
    bedFreed(from);
  }

  private void discharge(Stay stay) {
    occupied[stay.lyingUnit]--;
    stay.active = false;
    admitted.remove(stay);
    emit(events.discharge(now, stay, units.get(stay.lyingUnit)));
    bedFreed(stay.lyingUnit);
  }

  /** An outlying patient is moved home when their own ward has a bed again, in daytime. */
  private void bedFreed(int unit) {
    if (!moveHomePlanned[unit] && occupied[unit] < beds[unit] && someoneWaitingFor(unit)) {
      moveHomePlanned[unit] = true;
      long at = CareCalendar.daytime(now + HOUR + rng.nextLong(3 * HOUR), rng);
      schedule(at, () -> moveHome(unit));
    }
  }

  private void moveHome(int unit) {
    moveHomePlanned[unit] = false;
    if (occupied[unit] < beds[unit] && someoneWaitingFor(unit)) {
      move(waitingToMoveHome[unit].poll(), unit, unit);
      bedFreed(unit);
    }
  }

  /** Drops those who left, moved home or changed responsibility since they started waiting. */
  private boolean someoneWaitingFor(int unit) {
    ArrayDeque<Stay> waiting = waitingToMoveHome[unit];
    while (!waiting.isEmpty()) {
      Stay first = waiting.peek();
      if (first.active && first.responsibleUnit == unit && first.lyingUnit != unit) {
        return true;
      }
      waiting.poll();
    }
    return false;
  }

  private int poisson(double mean) {
    double limit = Math.exp(-mean);
    int n = 0;
    for (double p = rng.nextDouble(); p > limit; p *= rng.nextDouble()) {
      n++;
    }
    return n;
  }
}
