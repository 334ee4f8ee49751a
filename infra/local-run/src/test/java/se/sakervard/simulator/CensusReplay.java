package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Transfer;

/**
 * Replays census events the way the pipeline reads them and measures the figures the calibration is
 * about: stays, admissions per bed, and the official 06:00 snapshot of non-technical units.
 */
final class CensusReplay {
  private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

  private record Stay(String lying, String responsible) {}

  private final SimulatedRegion region;
  private final Instant start;
  private final Instant end;
  private final Map<String, Stay> present = new HashMap<>();
  private final Map<String, Integer> beds = new HashMap<>();
  private final Map<String, Integer> occupied = new HashMap<>();

  private ZonedDateTime nextSnapshot;
  private Instant lastEvent;
  private long totalBeds;
  private double bedMillis;

  /** Stays admitted early enough that nearly all of them end within the run. */
  private final Instant stayLengthCutoff;

  private final Map<String, Instant> measuredStays = new HashMap<>();
  private final Map<String, Boolean> transferred = new HashMap<>();
  private long measuredStayCount;
  private double measuredStayDays;

  long admissions;
  long outlyingAdmissions;
  long snapshotOccupied;
  long snapshotAvailable;
  long snapshotOvercrowded;
  long snapshotOutlying;

  CensusReplay(SimulatedRegion region, Instant start, Instant end) {
    this.region = region;
    this.start = start;
    this.end = end;
    this.lastEvent = start;
    this.stayLengthCutoff = end.minus(Duration.ofDays(30));
    ZonedDateTime local = start.atZone(ZONE);
    this.nextSnapshot = local.with(LocalTime.of(6, 0));
    if (!nextSnapshot.isAfter(local)) {
      nextSnapshot = nextSnapshot.plusDays(1);
    }
  }

  static CensusReplay of(SimulatedRun run) {
    CensusReplay replay = new CensusReplay(run.region(), run.config().start(), run.config().end());
    run.events().forEach(replay::apply);
    replay.finish();
    return replay;
  }

  void apply(CensusEvent event) {
    Instant time = event.getEnvelope().getEventTime();
    snapshotsUntil(time);
    bedMillis += (double) totalBeds * (time.toEpochMilli() - lastEvent.toEpochMilli());
    lastEvent = time;
    String unit = event.getEnvelope().getUnitCode();
    Object change = event.getChange();
    if (change instanceof AvailableBedsChanged b) {
      Integer previous = beds.put(unit, b.getAvailableBeds());
      totalBeds += b.getAvailableBeds() - (previous == null ? 0 : previous);
    } else if (change instanceof Admission a) {
      boolean census = time.equals(start);
      present.put(a.getStayRef(), new Stay(unit, a.getResponsibleUnitCode()));
      occupied.merge(unit, 1, Integer::sum);
      if (!census) {
        admissions++;
        transferred.put(a.getStayRef(), false);
        if (time.isBefore(stayLengthCutoff)) {
          measuredStays.put(a.getStayRef(), time);
        }
        if (!unit.equals(a.getResponsibleUnitCode())) {
          outlyingAdmissions++;
        }
      }
    } else if (change instanceof Transfer t) {
      occupied.merge(t.getFromUnitCode(), -1, Integer::sum);
      occupied.merge(unit, 1, Integer::sum);
      present.put(t.getStayRef(), new Stay(unit, t.getResponsibleUnitCode()));
      transferred.computeIfPresent(t.getStayRef(), (k, v) -> true);
    } else if (change instanceof Discharge d) {
      present.remove(d.getStayRef());
      occupied.merge(unit, -1, Integer::sum);
      Instant admitted = measuredStays.remove(d.getStayRef());
      if (admitted != null) {
        measureStay(admitted, time);
      }
    }
  }

  void finish() {
    snapshotsUntil(end);
    bedMillis += (double) totalBeds * (end.toEpochMilli() - lastEvent.toEpochMilli());
    // The rare stays still going on count until the end: a slight underestimate.
    measuredStays.values().forEach(admitted -> measureStay(admitted, end));
    measuredStays.clear();
  }

  /** Mean length of the stays admitted during the run, up to 30 days before its end. */
  double meanStayDays() {
    return measuredStayDays / measuredStayCount;
  }

  private void measureStay(Instant admitted, Instant discharged) {
    measuredStayCount++;
    measuredStayDays += (discharged.toEpochMilli() - admitted.toEpochMilli()) / 86_400_000.0;
  }

  /** Admissions (not the initial census) per time-averaged available bed, as a yearly rate. */
  double admissionsPerBedYear() {
    double years = (end.toEpochMilli() - start.toEpochMilli()) / (365.0 * 86_400_000);
    double meanBeds = bedMillis / (end.toEpochMilli() - start.toEpochMilli());
    return admissions / meanBeds / years;
  }

  double snapshotOccupancyPercent() {
    return 100.0 * snapshotOccupied / snapshotAvailable;
  }

  double overcrowdedPer100Beds() {
    return 100.0 * snapshotOvercrowded / snapshotAvailable;
  }

  double outlyingPer100Beds() {
    return 100.0 * snapshotOutlying / snapshotAvailable;
  }

  double transferShare() {
    return (double) transferred.values().stream().filter(t -> t).count() / transferred.size();
  }

  /** The state at each 06:00 up to {@code time}: every event at or before it counts. */
  private void snapshotsUntil(Instant time) {
    while (nextSnapshot.toInstant().isBefore(time)) {
      snapshot();
      nextSnapshot = nextSnapshot.plusDays(1).with(LocalTime.of(6, 0));
    }
  }

  private void snapshot() {
    Map<String, Integer> outlying = new HashMap<>();
    for (Stay stay : present.values()) {
      if (!stay.lying().equals(stay.responsible())) {
        outlying.merge(stay.lying(), 1, Integer::sum);
      }
    }
    for (SimulatedUnit unit : region.units()) {
      if (unit.technical()) {
        continue;
      }
      int available = beds.getOrDefault(unit.code(), 0);
      int patients = occupied.getOrDefault(unit.code(), 0);
      snapshotAvailable += available;
      snapshotOccupied += patients;
      snapshotOvercrowded += Math.max(0, patients - available);
      snapshotOutlying += outlying.getOrDefault(unit.code(), 0);
    }
  }
}
