package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BedCensusFormulasTest {

  @Test
  void shouldCountOnlyPatientsBeyondTheAvailableBedsAsOvercrowded() {
    // 22 patients in 20 staffed beds: 2 overcrowded; 18 patients: none (never negative).
    assertThat(BedCensusFormulas.overcrowded(22, 20)).isEqualTo(2);
    assertThat(BedCensusFormulas.overcrowded(18, 20)).isZero();
  }

  @Test
  void shouldRateAHospitalAsTheRatioOfSumsNotTheMeanOfUnitRates() {
    // Unit A: 3 overcrowded of 10 beds (30 per 100); unit B: 1 of 30 beds (3.33 per 100).
    // Hospital: 100 × (3 + 1) / (10 + 30) = 10 per 100, not the mean of rates (16.67).
    assertThat(BedCensusFormulas.overcrowdingPer100Beds(3 + 1, 10 + 30).getAsDouble())
        .isCloseTo(10.0, within(1e-9));
  }

  @Test
  void shouldLeaveRatesUndefinedWithoutAvailableBeds() {
    // Zero beds with patients: fully overcrowded, but the rate per 100 beds has no value.
    assertThat(BedCensusFormulas.overcrowded(4, 0)).isEqualTo(4);
    assertThat(BedCensusFormulas.overcrowdingPer100Beds(4, 0)).isEmpty();
    assertThat(BedCensusFormulas.occupancyPercent(4, 0)).isEmpty();
    assertThat(BedCensusFormulas.outlyingPer100Beds(1, 0)).isEmpty();
  }

  @Test
  void shouldGiveOccupancyAndOutlyingPer100Beds() {
    // 19 patients, 2 of them outlying, in 20 beds: occupancy 95 %, outlying 10 per 100 beds.
    assertThat(BedCensusFormulas.occupancyPercent(19, 20).getAsDouble())
        .isCloseTo(95.0, within(1e-9));
    assertThat(BedCensusFormulas.outlyingPer100Beds(2, 20).getAsDouble())
        .isCloseTo(10.0, within(1e-9));
  }

  @Test
  void shouldIntegratePatientDaysOverTheRealLengthOfTheDay() {
    // A mean of 12 occupied beds over a 24 h day = 12 patient days; over the 23 h day when the
    // clocks go forward = 12 × 23 / 24 = 11.5.
    assertThat(BedCensusFormulas.patientDays(12, 24 * 3_600_000L)).isCloseTo(12.0, within(1e-9));
    assertThat(BedCensusFormulas.patientDays(12, 23 * 3_600_000L)).isCloseTo(11.5, within(1e-9));
  }
}
