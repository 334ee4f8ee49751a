package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Incidence per 1000 patient days with a denominator that changes within the window. */
class ThirtyDayIncidenceTest {

  @Test
  void shouldWeighEachDayByItsOwnPatientDays() throws Exception {
    // Days 1-15: 20 patient days a day (a full ward); days 16-30: 10 (half the beds closed).
    // Cases on days 3, 17 and 30. Window ending day 30: 3 cases / (15 × 20 + 15 × 10 = 450)
    // patient days = 6.67 per 1000; not the mean of the halves' rates (3.3 and 13.3).
    ThirtyDayIncidence.PerDay patientDays = d -> d >= 1 && d <= 15 ? 20 : d <= 30 ? 10 : 0;
    Map<Integer, Integer> cases = Map.of(3, 1, 17, 1, 30, 1);
    ThirtyDayIncidence.PerDay caseCount = d -> cases.getOrDefault(d, 0);

    ThirtyDayIncidence day30 = ThirtyDayIncidence.of(30, caseCount, patientDays);
    assertThat(day30.cases()).isEqualTo(3);
    assertThat(day30.patientDays()).isEqualTo(450.0);
    assertThat(day30.per1000PatientDays()).isCloseTo(6.667, within(0.001));

    // Ending day 33: days 4-33; day 3's case has left, days 31-33 have no census: 2 cases /
    // (12 × 20 + 15 × 10) = 390 patient days = 5.13 per 1000.
    ThirtyDayIncidence day33 = ThirtyDayIncidence.of(33, caseCount, patientDays);
    assertThat(day33.cases()).isEqualTo(2);
    assertThat(day33.patientDays()).isEqualTo(390.0);
    assertThat(day33.per1000PatientDays()).isCloseTo(5.128, within(0.001));

    // A unit not yet in the census has no rate, not a rate of zero.
    assertThat(ThirtyDayIncidence.of(100, caseCount, patientDays).per1000PatientDays()).isNull();
  }
}
