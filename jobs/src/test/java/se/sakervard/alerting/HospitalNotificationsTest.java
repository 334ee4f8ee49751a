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

  @Test
  void shouldKnowWhenAnAlertFiredWhateverOrderItsStepsArriveIn() {
    // hospital-critical fires at 00:30, is reminded at 04:30 and resolves at 06:00. The reminder
    // arrives first, then the firing, then the resolution: it was firing from 00:30 to 06:00, so
    // an overcrowding alert firing at 02:00 is held back, one at 06:30 is not, and one at 00:15
    // neither. A late resolution of an episode before it changes nothing.
    long h = 3_600_000L;
    HospitalNotifications.FiringSpan span =
        HospitalNotifications.FiringSpan.NEVER
            .after(AlertEvent.Kind.REMINDER, 4 * h + h / 2)
            .after(AlertEvent.Kind.FIRING, h / 2)
            .after(AlertEvent.Kind.RESOLVED, 6 * h)
            .after(AlertEvent.Kind.RESOLVED, h / 4);

    assertThat(span).isEqualTo(new HospitalNotifications.FiringSpan(h / 2, 6 * h));
    assertThat(span.firingAt(2 * h)).isTrue();
    assertThat(span.firingAt(6 * h + h / 2)).isFalse();
    assertThat(span.firingAt(h / 4)).isFalse();
    // A new episode firing at 08:00 starts a new span.
    assertThat(span.after(AlertEvent.Kind.FIRING, 8 * h).firingAt(9 * h)).isTrue();
  }
}
