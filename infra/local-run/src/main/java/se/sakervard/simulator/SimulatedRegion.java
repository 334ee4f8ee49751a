package se.sakervard.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reference structure of a simulated region: its hospitals and units with their specialties and
 * beds. A hospital has 6-24 somatic wards of 12-30 beds, a psychiatric unit in 70% of cases, and an
 * intensive care unit of 6-10 beds: about 330 available beds on average, so 60 hospitals come to
 * the roughly 20,000 available beds of Sweden.
 */
public final class SimulatedRegion {
  static final String REGION_CODE = "R01";

  private static final long STRUCTURE_SALT = 0x5EEDL;
  private static final Specialty[] WARD_SPECIALTIES =
      Arrays.stream(Specialty.values()).filter(s -> s.wardWeight > 0).toArray(Specialty[]::new);
  private static final int WARD_WEIGHT_SUM =
      Arrays.stream(WARD_SPECIALTIES).mapToInt(s -> s.wardWeight).sum();

  private final List<SimulatedHospital> hospitals;
  private final List<SimulatedUnit> units;
  private final Map<String, SimulatedUnit> unitsByCode;

  private SimulatedRegion(List<SimulatedHospital> hospitals) {
    this.hospitals = List.copyOf(hospitals);
    this.units = hospitals.stream().flatMap(h -> h.units().stream()).toList();
    this.unitsByCode =
        units.stream().collect(Collectors.toMap(SimulatedUnit::code, Function.identity()));
  }

  /** The region {@link CensusSimulator} simulates for this number of hospitals and seed. */
  public static SimulatedRegion generate(int hospitals, long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ STRUCTURE_SALT);
    List<SimulatedHospital> result = new ArrayList<>();
    for (int h = 1; h <= hospitals; h++) {
      result.add(hospital(String.format("%s-H%02d", REGION_CODE, h), rng));
    }
    return new SimulatedRegion(result);
  }

  private static SimulatedHospital hospital(String code, SplittableRandom rng) {
    List<SimulatedUnit> units = new ArrayList<>();
    int wards = 6 + rng.nextInt(19);
    for (int i = 0; i < wards; i++) {
      // Every hospital has at least a medical and a surgical ward.
      Specialty specialty =
          switch (i) {
            case 0 -> Specialty.INTERNAL_MEDICINE;
            case 1 -> Specialty.SURGERY;
            default -> wardSpecialty(rng);
          };
      double weekendCut =
          specialty.elective && rng.nextBoolean() ? 0.2 + 0.15 * rng.nextDouble() : 0;
      units.add(unit(code, units.size(), specialty, 12 + rng.nextInt(19), weekendCut, rng));
    }
    if (rng.nextDouble() < 0.7) {
      units.add(unit(code, units.size(), Specialty.PSYCHIATRY, 16 + rng.nextInt(9), 0, rng));
    }
    units.add(unit(code, units.size(), Specialty.INTENSIVE_CARE, 6 + rng.nextInt(5), 0, rng));
    return new SimulatedHospital(code, units);
  }

  private static SimulatedUnit unit(
      String hospital,
      int index,
      Specialty specialty,
      int beds,
      double weekendCut,
      SplittableRandom rng) {
    // Intensive care keeps its beds over the summer; other units close 15-25% of theirs.
    double summerCut = specialty.technical() ? 0 : 0.15 + 0.10 * rng.nextDouble();
    String code = String.format("%s-U%02d", hospital, index + 1);
    return new SimulatedUnit(code, hospital, specialty, beds, weekendCut, summerCut);
  }

  private static Specialty wardSpecialty(SplittableRandom rng) {
    int pick = rng.nextInt(WARD_WEIGHT_SUM);
    for (Specialty s : WARD_SPECIALTIES) {
      pick -= s.wardWeight;
      if (pick < 0) {
        return s;
      }
    }
    throw new AssertionError("weights exhausted");
  }

  /**
   * Names people would know the places by, for pages: "Sjukhus 3" for hospital H03, "Medicin 2" for
   * its second internal-medicine ward (fictional, as the whole region is).
   */
  public Map<String, String> placeNames() {
    Map<String, String> names = new java.util.TreeMap<>();
    for (int h = 0; h < hospitals.size(); h++) {
      SimulatedHospital hospital = hospitals.get(h);
      names.put(hospital.code(), "Sjukhus " + (h + 1));
      Map<Specialty, Integer> seen = new java.util.EnumMap<>(Specialty.class);
      for (SimulatedUnit u : hospital.units()) {
        int n = seen.merge(u.specialty(), 1, Integer::sum);
        names.put(u.code(), u.specialty().swedishName + " " + n);
      }
    }
    return names;
  }

  public String regionCode() {
    return REGION_CODE;
  }

  public List<SimulatedHospital> hospitals() {
    return hospitals;
  }

  /** All units, hospital by hospital. */
  public List<SimulatedUnit> units() {
    return units;
  }

  /** The unit with this code, or null. */
  public SimulatedUnit unit(String code) {
    return unitsByCode.get(code);
  }

  /** Available beds on an ordinary weekday outside summer, all units together. */
  public int totalAvailableBeds() {
    return units.stream().mapToInt(SimulatedUnit::baseBeds).sum();
  }
}
