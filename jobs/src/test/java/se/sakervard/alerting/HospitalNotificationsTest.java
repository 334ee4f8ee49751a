package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.NotificationGroups.UnitLevel;

/** Which units a hospital's page names as the ones behind it. */
class HospitalNotificationsTest {
  private static LevelRow row(String unit, long at, int level, String reason) {
    return new LevelRow(
        Place.unit("R1", "R1-H1", unit),
        at,
        level,
        reason == null ? List.of() : List.of(reason),
        List.of(),
        1);
  }

  @Test
  void shouldNameTheUnitsAtLevelTwoOrAboveAtThePagesTimeWorstFirst() {
    List<LevelRow> rows =
        List.of(
            row("U1", 100, 2, "occupancy 101.0% ≥ 100% (level 2)"),
            row("U1", 300, 1, null),
            row("U2", 150, 3, "overcrowding 20.0 ≥ 20 per 100 available beds (level 3)"),
            row("U3", 120, 1, null),
            row("U4", 250, 4, "overcrowding 30.0 ≥ 30 per 100 available beds (level 4)"));

    // At 200: U1 still at 2 (its 1 comes at 300), U2 at 3; U4's 4 is later, U3 is at 1.
    assertThat(HospitalNotifications.unitsAt(rows, 200))
        .containsExactly(
            new UnitLevel(
                "U2", 3, List.of("overcrowding 20.0 ≥ 20 per 100 available beds (level 3)")),
            new UnitLevel("U1", 2, List.of("occupancy 101.0% ≥ 100% (level 2)")));
    // At 300: U1 is back at 1; U4 at 4 comes first.
    assertThat(HospitalNotifications.unitsAt(rows, 300))
        .extracting(UnitLevel::unitCode)
        .containsExactly("U4", "U2");
    assertThat(HospitalNotifications.unitsAt(rows, 50)).isEmpty();
  }
}
