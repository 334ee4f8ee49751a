package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.sakervard.schemas.common.CareType;

class SimulatedRegionTest {

  @Test
  void shouldSizeSixtyHospitalsLikeTheTwentyThousandAvailableBedsOfSweden() {
    SimulatedRegion nation = SimulatedRegion.generate(60, 1);

    assertThat(nation.totalAvailableBeds()).isBetween(18_000, 22_000);
    assertThat(nation.hospitals()).hasSize(60);
  }

  @Test
  void shouldGiveEveryHospitalWardsAnIntensiveCareUnitAndSometimesPsychiatry() {
    SimulatedRegion region = SimulatedRegion.generate(20, 2);

    for (SimulatedHospital hospital : region.hospitals()) {
      assertThat(hospital.units()).filteredOn(SimulatedUnit::technical).hasSize(1);
      assertThat(hospital.units())
          .filteredOn(SimulatedUnit::somaticWard)
          .hasSizeBetween(6, 24)
          .allSatisfy(u -> assertThat(u.baseBeds()).isBetween(12, 30));
    }
    assertThat(region.units()).anyMatch(u -> u.careType() == CareType.PSYCHIATRIC);
  }

  @Test
  void shouldCodeUnitsWithinTheirHospitalAndRegion() {
    SimulatedRegion region = SimulatedRegion.generate(2, 3);

    assertThat(region.units())
        .allSatisfy(
            u -> {
              assertThat(u.code()).matches("R01-H0[12]-U\\d{2}").startsWith(u.hospitalCode());
              assertThat(region.unit(u.code())).isSameAs(u);
            });
  }

  @Test
  void shouldCloseBedsInSummerAndOnFiveDayWardsOverTheWeekend() {
    SimulatedRegion region = SimulatedRegion.generate(10, 4);

    assertThat(region.units())
        .filteredOn(u -> !u.technical())
        .allSatisfy(u -> assertThat(u.availableBeds(true, false)).isLessThan(u.baseBeds()));
    assertThat(region.units())
        .anySatisfy(u -> assertThat(u.availableBeds(false, true)).isLessThan(u.baseBeds()));
  }
}
