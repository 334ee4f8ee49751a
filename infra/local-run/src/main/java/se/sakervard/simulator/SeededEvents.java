package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real events seeded into a simulated region, with their ground truth, so that a benchmark can tell
 * whether and when the alerts found them (the infection simulator seeds its own outbreaks: {@link
 * SeededOutbreak}).
 *
 * @param crises staffing crises: a hospital's wards lose part of their staffed beds for a while, so
 *     its patients overcrowd them
 * @param injuries serious care injuries classified within hours of occurring
 */
public record SeededEvents(List<Crisis> crises, List<SameDayInjury> injuries) {
  private static final long SALT = 0x5EED5L;

  public SeededEvents {
    crises = List.copyOf(crises);
    injuries = List.copyOf(injuries);
  }

  public static SeededEvents none() {
    return new SeededEvents(List.of(), List.of());
  }

  /**
   * A staffing crisis at a hospital: from {@code from} to {@code to} each of its units has only
   * {@code bedShare} of the beds it would have staffed.
   */
  public record Crisis(String hospitalCode, Instant from, Instant to, double bedShare) {
    boolean covers(String hospital, long t) {
      return hospital.equals(hospitalCode) && t >= from.toEpochMilli() && t < to.toEpochMilli();
    }
  }

  /**
   * A serious care injury (allvarlig vårdskada) on a unit, reported an hour after it occurred and
   * classified as serious two hours later.
   */
  public record SameDayInjury(String caseRef, String unitCode, Instant occurred) {
    public Instant reported() {
      return occurred.plus(Duration.ofHours(1));
    }

    public Instant classified() {
      return occurred.plus(Duration.ofHours(3));
    }
  }

  /**
   * {@code crises} crises of 48 hours at 60% of the staffed beds (at the simulated hospitals' usual
   * 85-95% occupancy, 140-160% of the beds left: critical overcrowding whatever the day; at 70% a
   * crisis on a quiet night stayed at level 3 and paged nobody) and {@code injuries} same-day
   * serious care injuries, at hospitals and times drawn from the seed: spread over the period (none
   * in its first or last tenth), at any hour of day or night.
   */
  public static SeededEvents plan(
      SimulatedRegion region,
      Instant start,
      Duration duration,
      long seed,
      int crises,
      int injuries) {
    SplittableRandom rng = new SplittableRandom(seed ^ SALT);
    long span = duration.toMillis();
    List<Crisis> c = new ArrayList<>();
    List<SimulatedHospital> hospitals = region.hospitals();
    for (int i = 0; i < crises; i++) {
      long from =
          start.toEpochMilli() + span / 10 + (long) ((i + rng.nextDouble()) * span * 0.8 / crises);
      from -= from % 3_600_000L;
      c.add(
          new Crisis(
              hospitals.get(i % hospitals.size()).code(),
              Instant.ofEpochMilli(from),
              Instant.ofEpochMilli(from + Duration.ofHours(48).toMillis()),
              0.6));
    }
    List<SameDayInjury> s = new ArrayList<>();
    List<SimulatedUnit> units = region.units();
    for (int i = 0; i < injuries; i++) {
      long at =
          start.toEpochMilli()
              + span / 10
              + (long) ((i + rng.nextDouble()) * span * 0.8 / injuries);
      s.add(
          new SameDayInjury(
              Pseudonyms.format('C', rng.nextLong()),
              units.get(rng.nextInt(units.size())).code(),
              Instant.ofEpochMilli(at)));
    }
    return new SeededEvents(c, s);
  }

  /** The share of its staffed beds a unit of this hospital has at {@code t}: 1 outside crises. */
  double bedShare(String hospitalCode, long t) {
    for (Crisis crisis : crises) {
      if (crisis.covers(hospitalCode, t)) {
        return crisis.bedShare();
      }
    }
    return 1;
  }
}
