package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.time.LocalCalendar;

/**
 * The census input of the join of observations with patient days: its event time is the census's,
 * so the join never judges a unit unknown before the census could have reported it.
 */
class CensusTimeTest {
  private static final LocalCalendar CALENDAR = new LocalCalendar(ZoneId.of("Europe/Stockholm"));

  /** Friday 28 August 2026, the first day of a 90-day local run ending 26 November. */
  private static final int FIRST_DAY = (int) java.time.LocalDate.of(2026, 8, 28).toEpochDay();

  @Test
  void shouldHoldEventTimeBackWhileTheCensusIsQuiet() {
    // The local run at full speed (idle timeout 10 s): the 90 days of observations are in Kafka
    // within 3 s, the census publishes its first patient days 18 s after the first observation
    // (measured, Kafka timestamps). Marked idle meanwhile, the census input stopped holding the
    // join's event time back: it followed the observations to the present, and the unknown-unit
    // timer (observation + 2 days) dead-lettered 1,882 observations of real units as "not in the
    // reference data" before the census had reported any unit. Its patient days then came in
    // behind the join's event time, and the days after the last one emitted never ended.
    ManualClock wallClock = new ManualClock(Duration.ofHours(1).toNanos());
    WatermarkGenerator<UnitInput> census =
        InfectionJob.censusTime(settings("10 s")).createWatermarkGenerator(context(wallClock));
    Output out = new Output();

    census.onPeriodicEmit(out);
    wallClock.advanceTime(Duration.ofSeconds(18));
    census.onPeriodicEmit(out);
    assertThat(out.idle).as("the census input is idle before its first value").isFalse();

    // 28 August ends at midnight CEST, 22:00 UTC: event time is 5 minutes (the out-of-orderness
    // bound) and 1 ms behind it.
    PatientDays firstDay = unitDay("R01-H01-U01", FIRST_DAY, 20);
    census.onEvent(new UnitInput(null, firstDay), firstDay.eventTime(), out);
    assertThat(firstDay.eventTime())
        .isEqualTo(Instant.parse("2026-08-28T22:00:00Z").toEpochMilli());
    assertThat(out.watermark).isEqualTo(Instant.parse("2026-08-28T21:54:59.999Z").toEpochMilli());

    // The census is slow to publish the next day: its input still holds event time where it is.
    wallClock.advanceTime(Duration.ofMinutes(5));
    census.onPeriodicEmit(out);
    wallClock.advanceTime(Duration.ofMinutes(5));
    census.onPeriodicEmit(out);
    assertThat(out.idle).as("the census input is idle after its first value").isFalse();
    assertThat(out.watermark).isEqualTo(Instant.parse("2026-08-28T21:54:59.999Z").toEpochMilli());
  }

  static InfectionSettings settings(String idleTimeout) {
    return InfectionSettings.from(
        PipelineSettings.of(Map.of(PipelineOptions.IDLE_TIMEOUT.key(), idleTimeout)));
  }

  static PatientDays unitDay(String unit, int day, double patientDays) {
    return new PatientDays("R01", "R01-H01", unit, day, patientDays, 1, CALENDAR.dayEnd(day));
  }

  private static WatermarkGeneratorSupplier.Context context(RelativeClock clock) {
    return new WatermarkGeneratorSupplier.Context() {
      @Override
      public MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return clock;
      }
    };
  }

  /** What a generator told its input's task: the newest watermark, and whether it is idle. */
  private static final class Output implements WatermarkOutput {
    Long watermark;
    boolean idle;

    @Override
    public void emitWatermark(Watermark w) {
      watermark = w.getTimestamp();
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }
  }
}
