package se.sakervard.alerting.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.schemas.pipeline.Level;

/** The alerting job dates a value by the instant it describes, not by its period's end. */
class IndicatorReadingTest {
  private static final long MARCH_START = Instant.parse("2026-02-28T23:00:00Z").toEpochMilli();
  private static final long MARCH_END = Instant.parse("2026-03-31T22:00:00Z").toEpochMilli();
  private static final long MARCH_2_NINE_PM = Instant.parse("2026-03-02T20:00:00Z").toEpochMilli();

  @Test
  void shouldDateAMonthSoFarByItsAsOfNotByTheEndOfTheMonth() {
    IndicatorRecord march =
        new IndicatorRecord(
            "deviations.reported",
            Level.HOSPITAL,
            "A1",
            "A1-H1",
            "",
            CareType.SOMATIC,
            "MONTH",
            MARCH_START,
            MARCH_END,
            3.0,
            null,
            null,
            7,
            MARCH_2_NINE_PM);

    assertThat(IndicatorReading.of(march.toAvro()).at()).isEqualTo(MARCH_2_NINE_PM);
  }

  @Test
  void shouldDateAVersionOneValueWithoutAsOfByItsPeriodsEnd() {
    IndicatorValue v1 = IndicatorValue.newBuilder(closedDay().toAvro()).setAsOf(null).build();

    assertThat(IndicatorReading.of(v1).at()).isEqualTo(MARCH_START + 86_400_000L);
  }

  @Test
  void shouldDateAClosedPeriodByItsEnd() {
    assertThat(closedDay().asOf()).isEqualTo(MARCH_START + 86_400_000L);
    assertThat(IndicatorReading.of(closedDay().toAvro()).at()).isEqualTo(MARCH_START + 86_400_000L);
  }

  private static IndicatorRecord closedDay() {
    return new IndicatorRecord(
        "infections.hygiene_all_steps_percent",
        Level.UNIT,
        "A1",
        "A1-H1",
        "A1-H1-U1",
        CareType.SOMATIC,
        "ROLLING_30_DAYS",
        MARCH_START - 29 * 86_400_000L,
        MARCH_START + 86_400_000L,
        80.0,
        8.0,
        10.0,
        1);
  }
}
