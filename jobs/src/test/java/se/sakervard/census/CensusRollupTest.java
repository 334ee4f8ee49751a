package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/**
 * Two units of hospital H1 rolled up to the hospital, worked by hand. The hour 10:00-11:00:
 *
 * <pre>
 *   U1  occupied 18, outlying 1, available 20, overcrowded 0, version 3
 *   U2  occupied 12, outlying 0, beds unknown,                version 2  (adds only its days)
 *   → H1 occupied 18, outlying 1, available 20, overcrowded 0, units 1, version 5, once the
 *     watermark passes 11:00
 *   U1 corrected late (occupied 21, overcrowded 1, version 4), within the allowed lateness (2 h)
 *   → H1 again: occupied 21, overcrowded 1, version 6
 *   watermark past 11:00 + 2 h: nothing kept, no timer left
 * </pre>
 */
class CensusRollupTest {
  private static final long HOUR = 3_600_000L;
  private static final long MINUTE = 60_000L;
  private static final long T10 = 1_780_000_000_000L / HOUR * HOUR; // an hour's start
  private static final Duration LATENESS = Duration.ofHours(2);

  @RegisterExtension
  final KeyedOperator<CensusFigures, CensusFigures> operator =
      KeyedOperator.of(
          () -> new CensusRollup(Level.HOSPITAL, LATENESS), CensusRollup.keyFor(Level.HOSPITAL));

  @Test
  void shouldSumAnHourOfItsUnitsOnceClosedAndAgainWhenCorrectedThenForgetIt() throws Exception {
    send(hour("U1", 18, 1, 20.0, 0.0, 3));
    send(hour("U2", 12, 0, null, null, 2));
    assertThat(out()).as("nothing before the hour has closed").isEmpty();

    operator.harness().processWatermark(T10 + HOUR);
    assertThat(out())
        .extracting(CensusRollupTest::describe)
        .containsExactly("H1 occupied 18.0 outlying 1.0 available 20.0 overcrowded 0.0 units 1 v5");

    send(hour("U1", 21, 1, 20.0, 1.0, 4));
    assertThat(out())
        .extracting(CensusRollupTest::describe)
        .containsExactly("H1 occupied 21.0 outlying 1.0 available 20.0 overcrowded 1.0 units 1 v6");

    operator.harness().processWatermark(T10 + HOUR + LATENESS.toMillis() + 1);
    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  /**
   * A unit's hour first closed unchanged (version 3) and then corrected (version 4) comes on two
   * channels, which can swap them: the corrected row arrives first, the stale one after it. The sum
   * keeps the corrected one: H1 occupied 21, version 4 + 2 = 6, however they arrive.
   */
  @Test
  void shouldKeepAUnitsNewestRowWhenAnOlderOneArrivesAfterIt() throws Exception {
    send(hour("U2", 12, 0, null, null, 2));
    operator.harness().processWatermark(T10 + HOUR + 1);
    send(hour("U1", 21, 1, 20.0, 1.0, 4));
    send(hour("U1", 18, 1, 20.0, 0.0, 3));

    List<CensusFigures> sums = out();
    assertThat(sums.get(sums.size() - 1))
        .extracting(CensusRollupTest::describe)
        .isEqualTo("H1 occupied 21.0 outlying 1.0 available 20.0 overcrowded 1.0 units 1 v6");
    assertThat(sums)
        .extracting(CensusRollupTest::describe)
        .doesNotContain("H1 occupied 18.0 outlying 1.0 available 20.0 overcrowded 0.0 units 1 v5");
  }

  @Test
  void shouldSumTheCurrentCensusOnEveryChange() throws Exception {
    send(current("U1", 18, 20.0, 1));
    send(current("U2", 9, 12.0, 1));
    send(current("U1", 19, 20.0, 2));

    assertThat(out())
        .extracting(f -> f.occupied() + "/" + f.available() + " v" + f.version())
        .containsExactly("18.0/20.0 v1", "27.0/32.0 v2", "28.0/32.0 v3");
  }

  /**
   * Settled counts, summed per instant once event time passes it, whatever order the units' rows
   * come in. U1 (20 beds) settles 18 at 10:00 and 19 at 10:10; U2 (12 beds) 9 at 10:05. Read U1's
   * two rows before U2's (U2's subtask lagging): the sums are still 10:00 18/20, 10:05 27/32, 10:10
   * 28/32, each as of its instant; no sum of U1 at 10:10 without U2 at 10:05.
   */
  @Test
  void shouldSumTheSettledCensusPerInstantInEventTimeOrder() throws Exception {
    send(settled("U1", T10, 18, 20.0, 1));
    send(settled("U1", T10 + 10 * MINUTE, 19, 20.0, 2));
    send(settled("U2", T10 + 5 * MINUTE, 9, 12.0, 1));
    assertThat(out()).as("nothing before event time passes").isEmpty();

    operator.harness().processWatermark(T10 + 10 * MINUTE);
    assertThat(out())
        .extracting(
            f -> (f.periodEnd() - T10) / MINUTE + " min " + f.occupied() + "/" + f.available())
        .containsExactly("0 min 18.0/20.0", "5 min 27.0/32.0", "10 min 28.0/32.0");

    // U2 corrected late at 10:05 (10 patients): the sum goes out again as of the newest instant.
    send(settled("U2", T10 + 5 * MINUTE, 10, 12.0, 2));
    assertThat(out())
        .extracting(
            f -> (f.periodEnd() - T10) / MINUTE + " min " + f.occupied() + " v" + f.version())
        .containsExactly("10 min 29.0 v4");
  }

  private static CensusFigures hour(
      String unit,
      double occupied,
      double outlying,
      Double available,
      Double overcrowded,
      long version) {
    return new CensusFigures(
        PeriodKind.HOUR,
        Level.UNIT,
        "R1",
        "H1",
        unit,
        CareType.SOMATIC,
        false,
        T10,
        T10 + HOUR,
        occupied,
        outlying,
        available,
        overcrowded,
        null,
        1,
        version);
  }

  private static CensusFigures settled(
      String unit, long at, double occupied, Double available, long v) {
    return counts(PeriodKind.SETTLED_CURRENT, unit, at, occupied, available, v);
  }

  private static CensusFigures current(String unit, double occupied, Double available, long v) {
    return counts(PeriodKind.CURRENT, unit, T10, occupied, available, v);
  }

  private static CensusFigures counts(
      PeriodKind kind, String unit, long at, double occupied, Double available, long v) {
    return new CensusFigures(
        kind,
        Level.UNIT,
        "R1",
        "H1",
        unit,
        CareType.SOMATIC,
        false,
        at,
        at,
        occupied,
        0,
        available,
        0.0,
        null,
        1,
        v);
  }

  private void send(CensusFigures f) throws Exception {
    operator.harness().processElement(new StreamRecord<>(f, f.periodStart()));
  }

  private List<CensusFigures> out() {
    List<CensusFigures> out = operator.harness().extractOutputValues();
    operator.harness().getOutput().clear();
    return out;
  }

  private static String describe(CensusFigures f) {
    return f.hospitalCode()
        + " occupied "
        + f.occupied()
        + " outlying "
        + f.outlying()
        + " available "
        + f.available()
        + " overcrowded "
        + f.overcrowded()
        + " units "
        + f.units()
        + " v"
        + f.version();
  }
}
