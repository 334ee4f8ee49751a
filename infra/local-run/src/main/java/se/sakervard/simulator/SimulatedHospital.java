package se.sakervard.simulator;

import java.util.List;

/**
 * One hospital of the simulated region: somatic wards, perhaps a psychiatric unit, and one
 * intensive care unit.
 */
public record SimulatedHospital(String code, List<SimulatedUnit> units) {

  public SimulatedHospital {
    units = List.copyOf(units);
  }

  /** Available beds on an ordinary weekday outside summer. */
  public int baseBeds() {
    return units.stream().mapToInt(SimulatedUnit::baseBeds).sum();
  }
}
