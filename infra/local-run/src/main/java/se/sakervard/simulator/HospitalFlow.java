package se.sakervard.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One hospital's units by role, and its arrival rates per stream, set so that each unit's expected
 * load matches a target occupancy of its beds (Little's law: patients = arrivals × length of stay).
 */
final class HospitalFlow {
  final int[] wards;
  final int psychiatry;
  final int intensiveCare;
  final double intensiveCarePerDay;
  final double psychiatryPerDay;
  final double wardPerDay;

  /**
   * @param units all units of the region
   * @param first index of this hospital's first unit
   * @param count its number of units
   */
  HospitalFlow(List<SimulatedUnit> units, int first, int count, PatientFlow flow) {
    IntStream mine = IntStream.range(first, first + count);
    this.wards = mine.filter(u -> units.get(u).somaticWard()).toArray();
    this.psychiatry = find(units, first, count, Specialty.PSYCHIATRY);
    this.intensiveCare = find(units, first, count, Specialty.INTENSIVE_CARE);
    int wardBeds = Arrays.stream(wards).map(u -> units.get(u).baseBeds()).sum();
    this.intensiveCarePerDay =
        flow.intensiveCareOccupancy()
            * units.get(intensiveCare).baseBeds()
            / flow.intensiveCareDays().mean();
    this.psychiatryPerDay =
        psychiatry < 0
            ? 0
            : flow.occupancy() * units.get(psychiatry).baseBeds() / flow.psychiatryDays().mean();
    // Patients stepping down from intensive care also fill the wards.
    double wardLoadFromIntensiveCare = intensiveCarePerDay * flow.afterIntensiveCareDays().mean();
    this.wardPerDay =
        (flow.occupancy() * wardBeds - wardLoadFromIntensiveCare) / flow.somaticDays().mean();
  }

  double arrivalsPerDay() {
    return intensiveCarePerDay + psychiatryPerDay + wardPerDay;
  }

  /** A ward chosen in proportion to its current beds, so closed beds also steer admissions. */
  int pickWard(int[] beds, SplittableRandom rng) {
    int total = 0;
    for (int w : wards) {
      total += beds[w];
    }
    int pick = rng.nextInt(Math.max(total, 1));
    for (int w : wards) {
      pick -= beds[w];
      if (pick < 0) {
        return w;
      }
    }
    return wards[0];
  }

  private static int find(List<SimulatedUnit> units, int first, int count, Specialty specialty) {
    for (int u = first; u < first + count; u++) {
      if (units.get(u).specialty() == specialty) {
        return u;
      }
    }
    return -1;
  }
}
