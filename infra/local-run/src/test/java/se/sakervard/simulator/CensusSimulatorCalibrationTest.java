package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated region behaves like Swedish hospitals, over 60 ordinary winter days (no summer
 * closures) of a 3-hospital region of about 1,200 beds, measured from the events alone.
 *
 * <p>Expected: somatic stays are lognormal with mean 4.3 days; the discharge round (10-16) and
 * weekend waits add a few hours, psychiatric stays (9 days) and intensive-care patients (2.5 days
 * there, then 5 on a ward) pull the mean up, so about 4.6 days. Admission rates are set for an 86%
 * mean load, and stays come out a little longer than drawn, so about 90% × 365 / 4.6 ≈ 70
 * admissions per bed and year. 06:00 is before the day's discharges, so the snapshot sits a little
 * above the mean load, about 90-95%. At that load a ward of 12-30 beds is often full, so some
 * patients lie on another ward (about 2 per 100 beds) and some overcrowd their own (about 3-5 per
 * 100). Seed 1 measured 4.5 days, 71 admissions, 90% occupied, 3.2 overcrowded and 1.7 outlying per
 * 100 beds.
 */
class CensusSimulatorCalibrationTest {
  private static CensusReplay replay;

  @BeforeAll
  static void simulate() {
    replay =
        CensusReplay.of(
            SimulatedRun.of(3, 1, "2025-02-03T00:00:00Z", Duration.ofDays(60), FaultRates.none()));
  }

  @Test
  void shouldKeepPatientsAboutFourAndAHalfDays() {
    assertThat(replay.meanStayDays()).isBetween(3.5, 6.0);
  }

  @Test
  void shouldAdmitAboutSeventyPatientsPerAvailableBedAndYear() {
    assertThat(replay.admissionsPerBedYear()).isBetween(55.0, 85.0);
  }

  @Test
  void shouldFillTheWardsToAboutNinetyPercentAtTheMorningSnapshot() {
    assertThat(replay.snapshotOccupancyPercent()).isBetween(80.0, 105.0);
  }

  @Test
  void shouldOvercrowdSomeWardsAndPlaceSomePatientsOnOtherWards() {
    assertThat(replay.overcrowdedPer100Beds()).isBetween(1.0, 8.0);
    assertThat(replay.outlyingPer100Beds()).isBetween(0.5, 5.0);
    assertThat((double) replay.outlyingAdmissions / replay.admissions).isBetween(0.01, 0.15);
  }

  @Test
  void shouldTransferAboutAQuarterOfThePatients() {
    assertThat(replay.transferShare()).isBetween(0.2, 0.35);
  }
}
