package se.sakervard.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.KeyedOperator;

class PublishedIndicatorValuesTest {
  // The figures: a hospital's values for March, all under the key of the month they are of.
  @RegisterExtension
  final KeyedOperator<List<IndicatorRecord>, IndicatorRecord> operator =
      KeyedOperator.of(
          () ->
              new PublishedIndicatorValues<List<IndicatorRecord>>(
                  f -> f, PublishedIndicatorValues.ClosedPeriods.ON_CHANGE),
          f -> "March");

  private static final long MARCH_END = 1_000_000;

  /** A hospital's March value of {@code indicator}, recomputed as version {@code version}. */
  private static IndicatorRecord march(
      String indicator, Double value, Double numerator, Double denominator, long version) {
    return march("MONTH", indicator, value, numerator, denominator, version);
  }

  private static IndicatorRecord march(
      String periodKind,
      String indicator,
      Double value,
      Double numerator,
      Double denominator,
      long version) {
    return new IndicatorRecord(
        indicator,
        Level.HOSPITAL,
        "R01",
        "R01-H01",
        "",
        CareType.SOMATIC,
        periodKind,
        0,
        MARCH_END,
        value,
        numerator,
        denominator,
        version);
  }

  private static StreamRecord<List<IndicatorRecord>> figures(IndicatorRecord... values) {
    return new StreamRecord<>(List.of(values));
  }

  @Test
  void shouldPublishEachValueOnlyWhenItChangesAndForgetItLongAfterItsPeriod() throws Exception {
    var harness = operator.harness();
    // Version 1: 10 reports, 40% closed within 30 days (4 of 10): both new.
    harness.processElement(
        figures(march("reported", 10.0, null, null, 1), march("closed30", 40.0, 4.0, 10.0, 1)));
    // Version 2, a classification: the same 10 reports and 4 of 10, nothing new.
    harness.processElement(
        figures(march("reported", 10.0, null, null, 2), march("closed30", 40.0, 4.0, 10.0, 2)));
    // Version 3, a report: 11 reports; 4 of 11 closed is a new share.
    harness.processElement(
        figures(march("reported", 11.0, null, null, 3), march("closed30", 36.36, 4.0, 11.0, 3)));
    // Version 4: 40% again, but of 20 (8 of 20): the numerator and denominator changed.
    harness.processElement(
        figures(march("reported", 11.0, null, null, 4), march("closed30", 40.0, 8.0, 20.0, 4)));
    // Version 5, March final: the same numbers under another period kind are new values.
    harness.processElement(
        figures(
            march("MONTH_FINAL", "reported", 11.0, null, null, 5),
            march("MONTH_FINAL", "closed30", 40.0, 8.0, 20.0, 5)));
    // Two years on, March is forgotten: its value goes out again, once.
    harness.processWatermark(MARCH_END + PublishedIndicatorValues.FORGET_AFTER.toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();
    harness.processElement(figures(march("MONTH_FINAL", "reported", 11.0, null, null, 6)));
    harness.processElement(figures(march("MONTH_FINAL", "reported", 11.0, null, null, 7)));

    assertThat(harness.extractOutputValues())
        .extracting(
            IndicatorRecord::indicator,
            IndicatorRecord::periodKind,
            IndicatorRecord::version,
            IndicatorRecord::value)
        .containsExactly(
            tuple("reported", "MONTH", 1L, 10.0),
            tuple("closed30", "MONTH", 1L, 40.0),
            tuple("reported", "MONTH", 3L, 11.0),
            tuple("closed30", "MONTH", 3L, 36.36),
            tuple("closed30", "MONTH", 4L, 40.0),
            tuple("reported", "MONTH_FINAL", 5L, 11.0),
            tuple("closed30", "MONTH_FINAL", 5L, 40.0),
            tuple("reported", "MONTH_FINAL", 6L, 11.0));
  }

  @Test
  void shouldForgetClosedPeriodsButNotTheCurrentValue() throws Exception {
    var harness = operator.harness();
    // Under one key: March's 10 reports, and a CURRENT open backlog of 3 as of March's end.
    harness.processElement(
        figures(
            march("reported", 10.0, null, null, 1),
            march("CURRENT", "open_backlog", 3.0, null, null, 1)));
    // Two years on, March is forgotten; the current value stays, so a backlog of 3 is a repeat.
    harness.processWatermark(MARCH_END + PublishedIndicatorValues.FORGET_AFTER.toMillis());
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    harness.processElement(figures(march("CURRENT", "open_backlog", 3.0, null, null, 2)));
    harness.processElement(figures(march("CURRENT", "open_backlog", 4.0, null, null, 3)));

    assertThat(harness.extractOutputValues())
        .extracting(IndicatorRecord::indicator, IndicatorRecord::version)
        .containsExactly(
            tuple("reported", 1L), tuple("open_backlog", 1L), tuple("open_backlog", 3L));
  }
}
