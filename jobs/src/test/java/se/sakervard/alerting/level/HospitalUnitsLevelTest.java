package se.sakervard.alerting.level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The level a hospital's units suggest, by hand, with the default share of a quarter. Counts are
 * units at level 1, 2, 3 and 4.
 */
class HospitalUnitsLevelTest {
  private static final HospitalUnitsLevel RULE = HospitalUnitsLevel.defaults();

  @Test
  void shouldSuggestLevelTwoForASingleCriticalUnit() {
    // 18 units at level 1 and one at 4: 1 of 19 is far below a quarter, but a unit at 4 never
    // leaves its hospital at 1.
    var s = RULE.of(new int[] {18, 0, 0, 1}, List.of("A1-H1-U7"));

    assertThat(s.level()).isEqualTo(2);
    assertThat(s.explain()).isEqualTo("units at level 4: 1 of 19 (A1-H1-U7) (level 2)");
  }

  @Test
  void shouldSuggestLevelThreeWhenAQuarterOfTheUnitsAreAtThreeOrFour() {
    // 20 units: 3 at level 3 and 2 at level 4 = 5 of 20 = 25% at level 3 or 4; 2 of 20 = 10% at 4.
    var s = RULE.of(new int[] {12, 3, 3, 2}, List.of("U1", "U2"));

    assertThat(s.level()).isEqualTo(3);
    assertThat(s.reason()).isEqualTo("units at level 3 or 4: 5 of 20 (at least 25%)");
  }

  @Test
  void shouldSuggestLevelFourWhenAQuarterOfTheUnitsAreCritical() {
    // 4 units, one at 4: exactly a quarter.
    assertThat(RULE.of(new int[] {3, 0, 0, 1}, List.of("U1")).level()).isEqualTo(4);
    // 5 units, one at 4: 20%, below a quarter: the single critical unit's level 2.
    assertThat(RULE.of(new int[] {4, 0, 0, 1}, List.of("U1")).level()).isEqualTo(2);
  }

  @Test
  void shouldSuggestLevelTwoWhenAQuarterOfTheUnitsAreStrained() {
    // 8 units, 2 at level 2: a quarter. 9 units, 2 at level 2: 22%: level 1.
    assertThat(RULE.of(new int[] {6, 2, 0, 0}, List.of()).reason())
        .isEqualTo("units at level 2 or above: 2 of 8 (at least 25%)");
    assertThat(RULE.of(new int[] {7, 2, 0, 0}, List.of()).level()).isEqualTo(1);
    assertThat(RULE.of(new int[] {0, 0, 0, 0}, List.of()).level()).isEqualTo(1);
  }

  @Test
  void shouldRejectAShareOutsideZeroToOne() {
    assertThatThrownBy(() -> new HospitalUnitsLevel(0))
        .hasMessageStartingWith("level.hospital-units-share: expected a share above 0");
    assertThatThrownBy(
            () -> PlaceThresholds.from(java.util.Map.of(HospitalUnitsLevel.SHARE_KEY, "a third")))
        .hasMessage("level.hospital-units-share: expected a share such as 0.25, was 'a third'");
    assertThat(
            PlaceThresholds.from(java.util.Map.of(HospitalUnitsLevel.SHARE_KEY, "0.5"))
                .hospitalUnits()
                .share())
        .isEqualTo(0.5);
  }
}
