package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.notify.NotificationGroups.UnitLevel;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.alerting.rules.Urgency;

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

  @Test
  void shouldHoldBackAnOvercrowdingPageWhileTheHospitalIsCriticalWhicheverStepArrivedFirst()
      throws Exception {
    // hospital-critical fires at 00:30 and pages; hospital-overcrowding fires at 02:00, while the
    // critical alert still fires, and is held back. The overcrowding step arrives first (other
    // subtasks emit them): the page waits for the group wait in event time, when both are in.
    AlertRule critical = AlertRules.shipped("hospital-critical");
    AlertRule overcrowding = AlertRules.shipped("hospital-overcrowding");
    Place h1 = Place.hospital("R1", "R1-H1");
    long t0 = 1_780_000_000_000L;
    long minute = 60_000L;
    try (var harness =
        new KeyedTwoInputStreamOperatorTestHarness<
            String, AlertStep, LevelRow, NotificationGroups.Group>(
            new KeyedCoProcessOperator<>(
                new HospitalNotifications(
                    Map.of(critical.name(), critical, overcrowding.name(), overcrowding), 30_000)),
            s -> s.place().hospitalCode(),
            r -> r.place().hospitalCode(),
            Types.STRING)) {
      harness.open();
      AlertStep lateOvercrowding = firing(overcrowding, h1, t0 + 120 * minute);
      AlertStep earlyCritical = firing(critical, h1, t0 + 30 * minute);
      harness.processElement1(new StreamRecord<>(lateOvercrowding, t0 + 120 * minute));
      harness.processElement1(new StreamRecord<>(earlyCritical, t0 + 30 * minute));
      harness.processBothWatermarks(
          new org.apache.flink.streaming.api.watermark.Watermark(t0 + 121 * minute));

      assertThat(harness.extractOutputValues())
          .extracting(g -> g.notifications().get(0).rule().name())
          .containsExactly("hospital-critical");
    }
  }

  private static AlertStep firing(AlertRule rule, Place place, long at) {
    return new AlertStep(
        rule.name(),
        Urgency.ACT_NOW,
        place,
        new AlertEvent(
            at, rule.name() + "|" + place.key() + "|" + at, AlertEvent.Kind.FIRING, 1, 0, 4, null));
  }
}
