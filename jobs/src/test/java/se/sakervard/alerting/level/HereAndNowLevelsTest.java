package se.sakervard.alerting.level;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.Place;
import se.sakervard.testing.KeyedOperator;

/**
 * A hospital's level from its overcrowding, with the default hospital thresholds (5 / 10 / 14 per
 * 100 available beds for levels 2 / 3 / 4), updates arriving in the reverse of their event time:
 *
 * <pre>
 *   10:50  overcrowding 16   (arrives first)  level 4
 *   09:00  overcrowding 12   (arrives second) level 3
 *   watermark 11:00          rows in event-time order: 09:00 level 3, then 10:50 level 4
 * </pre>
 *
 * Taken as they arrived, the 09:00 figure would have been dated 10:50 and lowered the level.
 */
class HereAndNowLevelsTest {
  private static final long H9 = 1_780_000_000_000L / 3_600_000L * 3_600_000L;
  private static final long MINUTE = 60_000L;
  private static final Place HOSPITAL = Place.hospital("R1", "R1-H1");

  @RegisterExtension
  final KeyedOperator<LevelUpdate, LevelRow> operator =
      KeyedOperator.of(
          () -> new HereAndNowLevels(PlaceThresholds.defaults()), LevelUpdate::placeKey);

  @Test
  void shouldDateEachLevelByItsEventTimeWhateverTheArrivalOrder() throws Exception {
    send(overcrowding(16.0, H9 + 110 * MINUTE, 2));
    send(overcrowding(12.0, H9, 1));
    assertThat(operator.harness().extractOutputValues())
        .as("nothing before event time passes")
        .isEmpty();

    operator.harness().processWatermark(H9 + 120 * MINUTE);

    assertThat(operator.harness().extractOutputValues())
        .extracting(r -> (r.asOf() - H9) / MINUTE + " min: level " + r.level())
        .containsExactly("0 min: level 3", "110 min: level 4");
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  private static LevelUpdate overcrowding(double value, long at, long version) {
    return LevelUpdate.of(
        new LevelInputValue(HOSPITAL, LevelInput.OVERCROWDING, value, 0, at, version));
  }

  private void send(LevelUpdate u) throws Exception {
    operator.harness().processElement(new StreamRecord<>(u, u.at()));
  }
}
