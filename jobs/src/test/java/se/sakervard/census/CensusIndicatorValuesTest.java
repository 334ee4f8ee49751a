package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.indicator.PublishedIndicatorValues;
import se.sakervard.core.indicator.PublishedIndicatorValues.ClosedPeriods;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

/** The census's values on the indicators topics, as the job publishes them. */
class CensusIndicatorValuesTest {
  @RegisterExtension
  final KeyedOperator<CensusFigures, IndicatorRecord> operator =
      KeyedOperator.of(
          () -> new PublishedIndicatorValues<>(CensusIndicators::of, ClosedPeriods.EVERY_VALUE),
          CensusFigures::placeKey);

  private static CensusFigures settled(long at, int occupied, int outlying, int beds) {
    return figures(PeriodKind.SETTLED_CURRENT, at, occupied, outlying, beds);
  }

  private static CensusFigures figures(
      PeriodKind kind, long at, int occupied, int outlying, int beds) {
    return new CensusFigures(
        kind,
        Level.UNIT,
        "R01",
        "R01-H01",
        "U1",
        CareType.SOMATIC,
        false,
        at,
        at,
        occupied,
        outlying,
        (double) beds,
        (double) BedCensusFormulas.overcrowded(occupied, beds),
        null,
        1,
        at);
  }

  @Test
  void shouldPublishACurrentValueOnlyWhenItChanges() throws Exception {
    var harness = operator.harness();
    // The counts read so far (CURRENT) are the dashboard's: none go out.
    harness.processElement(new StreamRecord<>(figures(PeriodKind.CURRENT, 1, 30, 0, 20)));
    // The settled counts do, as CURRENT values. 20 beds. t1: 18 lying, 1 outlying: all three
    // values are new.
    harness.processElement(new StreamRecord<>(settled(1, 18, 1, 20)));
    // t2: an admission, 19 lying: occupancy 95%; still 0 overcrowded and 1 outlying.
    harness.processElement(new StreamRecord<>(settled(2, 19, 1, 20)));
    // t3: two more, 21 lying: 1 overcrowded (5 per 100), occupancy 105%.
    harness.processElement(new StreamRecord<>(settled(3, 21, 1, 20)));
    // t4: two beds opened, 22 beds: overcrowding 0 again and, though outlying stays 1, its
    // denominator changed (4.5 per 100).
    harness.processElement(new StreamRecord<>(settled(4, 21, 1, 22)));
    // t5: the same counts again (a transfer within the unit): nothing new.
    harness.processElement(new StreamRecord<>(settled(5, 21, 1, 22)));

    List<IndicatorRecord> out =
        harness.extractOutputValues().stream().map(IndicatorRecord.class::cast).toList();
    assertThat(out)
        .extracting(IndicatorRecord::periodEnd, IndicatorRecord::indicator, IndicatorRecord::value)
        .containsExactly(
            tuple(1L, CensusIndicators.OVERCROWDING, 0.0),
            tuple(1L, CensusIndicators.OUTLYING, 5.0),
            tuple(1L, CensusIndicators.OCCUPANCY, 90.0),
            tuple(2L, CensusIndicators.OCCUPANCY, 95.0),
            tuple(3L, CensusIndicators.OVERCROWDING, 5.0),
            tuple(3L, CensusIndicators.OCCUPANCY, 105.0),
            tuple(4L, CensusIndicators.OVERCROWDING, 0.0),
            tuple(4L, CensusIndicators.OUTLYING, 100.0 / 22),
            tuple(4L, CensusIndicators.OCCUPANCY, 2100.0 / 22));
    assertThat(out).extracting(IndicatorRecord::periodKind).containsOnly(IndicatorRecord.CURRENT);
    harness.close();
  }

  @Test
  void shouldPublishEveryValueOfAClosedDayEvenWhenItRepeats() throws Exception {
    var harness = operator.harness();
    // A day's figures (20 beds, 18 lying, 1 outlying), then the same day again after a late
    // event that changed nothing the day's values show: both go out, the second as a new version
    // a reader takes as the same value; nothing is remembered for closed periods.
    harness.processElement(new StreamRecord<>(figures(PeriodKind.DAY, 86_400_000, 18, 1, 20)));
    harness.processElement(new StreamRecord<>(figures(PeriodKind.DAY, 86_400_000, 18, 1, 20)));

    assertThat(harness.extractOutputValues())
        .extracting(IndicatorRecord::indicator, IndicatorRecord::value)
        .containsExactly(
            tuple(CensusIndicators.OVERCROWDING, 0.0),
            tuple(CensusIndicators.OUTLYING, 5.0),
            tuple(CensusIndicators.OCCUPANCY, 90.0),
            tuple(CensusIndicators.OVERCROWDING, 0.0),
            tuple(CensusIndicators.OUTLYING, 5.0),
            tuple(CensusIndicators.OCCUPANCY, 90.0));
    assertThat(harness.numKeyedStateEntries()).isZero();
    harness.close();
  }
}
