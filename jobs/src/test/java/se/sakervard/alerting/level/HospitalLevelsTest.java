package se.sakervard.alerting.level;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.Place;
import se.sakervard.testing.KeyedOperator;

/**
 * A hospital of four units whose own figures say level 1 (UTC, minutes after 10:00): its units'
 * rows arrive from other subtasks in any order, and the hospital's level follows them in event
 * time.
 *
 * <pre>
 *   10:00  hospital's own figures: level 1; U1..U4 at level 1
 *   10:05  U2 at level 4            → 1 of 4 units at 4: a quarter → hospital level 4
 *   10:10  U2 back to 2             → 1 of 4 at 2 or above: a quarter → level 2
 *   10:20  U2 at 1                  → level 1
 * </pre>
 */
class HospitalLevelsTest {
  @RegisterExtension
  final KeyedOperator<LevelRow, LevelRow> operator =
      KeyedOperator.of(
          () -> new HospitalLevels(HospitalUnitsLevel.defaults()), HospitalLevels::hospitalKey);

  private static final long T0 = 1_780_000_000_000L;
  private static final Place H1 = Place.hospital("A1", "A1-H1");

  @Test
  void shouldTakeItsUnitsLevelsInEventTimeWhateverOrderTheyArriveIn() throws Exception {
    // Sent newest first: each waits for the watermark, then all are taken in event-time order.
    send(unit("U2", 20, 1, 3));
    send(unit("U2", 10, 2, 2));
    send(unit("U2", 5, 4, 1));
    send(new LevelRow(H1, at(0), 1, List.of(), List.of(), 1));
    for (String u : List.of("U1", "U2", "U3", "U4")) {
      send(unit(u, 0, 1, 0));
    }
    operator.harness().processWatermark(at(30));

    assertThat(operator.harness().extractOutputValues())
        .extracting(
            r -> minutes(r.asOf()) + " " + r.level() + " " + r.unitsAtLevel() + " " + r.reasons())
        .containsExactly(
            "0 1 [4, 0, 0, 0] []",
            "5 4 [3, 0, 0, 1] [units at level 4: 1 of 4 (at least 25%) (level 4)]",
            "10 2 [3, 1, 0, 0] [units at level 2 or above: 1 of 4 (at least 25%) (level 2)]",
            "20 1 [4, 0, 0, 0] []");
    assertThat(operator.harness().extractOutputValues())
        .extracting(LevelRow::version)
        .containsExactly(1L, 2L, 3L, 4L);
    // Nothing waits: every row was taken.
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  @Test
  void shouldKeepTheHospitalsOwnReasonsFirstWhenTheyAreWorse() throws Exception {
    // Own figures at level 3 (overcrowding); one of four units at 4 suggests 4 → 4, units first.
    send(new LevelRow(H1, at(0), 3, List.of("overcrowding 12.0 ≥ 10 (level 3)"), List.of(), 1));
    send(unit("U1", 0, 4, 1));
    send(unit("U2", 0, 1, 1));
    send(unit("U3", 0, 1, 1));
    send(unit("U4", 0, 1, 1));
    operator.harness().processWatermark(at(1));

    LevelRow row = operator.harness().extractOutputValues().get(0);
    assertThat(row.level()).isEqualTo(4);
    assertThat(row.reasons())
        .containsExactly(
            "units at level 4: 1 of 4 (at least 25%) (level 4)",
            "overcrowding 12.0 ≥ 10 (level 3)");
  }

  private void send(LevelRow r) throws Exception {
    operator.harness().processElement(new StreamRecord<>(r, r.asOf()));
  }

  private static LevelRow unit(String unit, int minute, int level, long version) {
    return new LevelRow(
        Place.unit("A1", "A1-H1", "A1-H1-" + unit),
        at(minute),
        level,
        level == 1 ? List.of() : List.of("some input (level " + level + ")"),
        List.of(),
        version);
  }

  private static long at(int minutes) {
    return T0 + minutes * 60_000L;
  }

  private static long minutes(long t) {
    return (t - T0) / 60_000L;
  }
}
