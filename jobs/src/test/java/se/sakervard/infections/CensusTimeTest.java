package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import se.sakervard.census.CensusIndicators;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.schemas.pipeline.Level;

/**
 * The census input of the join of observations with patient days: its event time is the census's,
 * so the join never judges a unit unknown before the census could have reported it.
 */
class CensusTimeTest {
  private static final LocalCalendar CALENDAR = new LocalCalendar(ZoneId.of("Europe/Stockholm"));
  private static final SingleObjectCodec<IndicatorValue> INDICATORS =
      SingleObjectCodec.of(IndicatorValue.class);

  /** Friday 28 August 2026, the first day of a 90-day local run ending 26 November. */
  static final int FIRST_DAY = (int) LocalDate.of(2026, 8, 28).toEpochDay();

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

  @Test
  void shouldEndADayWhenTheCensusHasClosedTheNextHour() throws Exception {
    // The census publishes patient days once a day, when the day ends; its hourly figures say how
    // far its event time has got in between. Without them, 28 August would end for the join only
    // with the patient days of 29 August, a day later.
    PatientDaysDecoder decoder = new PatientDaysDecoder(CALENDAR);
    WatermarkGenerator<UnitInput> census =
        InfectionJob.censusTime(settings("10 s"))
            .createWatermarkGenerator(context(new ManualClock(1)));
    Output out = new Output();
    long firstDayEnd = Instant.parse("2026-08-28T22:00:00Z").toEpochMilli();
    PatientDays firstDay =
        decoder.decode(record(value(CensusIndicators.PATIENT_DAYS, "DAY", firstDayEnd, 20.0)));
    census.onEvent(new UnitInput(null, firstDay), firstDay.eventTime(), out);
    assertThat(firstDay.isUnitDay()).isTrue();
    assertThat(out.watermark).isEqualTo(Instant.parse("2026-08-28T21:54:59.999Z").toEpochMilli());

    // The hospital's occupancy over 00:00-01:00 local on 29 August (22:00-23:00 UTC): the census
    // has closed that hour, so its event time is 5 minutes and 1 ms behind 23:00 UTC, past the end
    // of 28 August (22:00 UTC).
    long hourEnd = Instant.parse("2026-08-28T23:00:00Z").toEpochMilli();
    PatientDays hour =
        decoder.decode(
            record(value(Level.HOSPITAL, CensusIndicators.OCCUPANCY, "HOUR", hourEnd, 85.0)));
    assertThat(hour.isUnitDay()).isFalse();
    assertThat(hour.isCensusTime()).isTrue();
    census.onEvent(new UnitInput(null, hour), hour.eventTime(), out);
    assertThat(out.watermark).isEqualTo(Instant.parse("2026-08-28T22:54:59.999Z").toEpochMilli());
    assertThat(out.watermark).isGreaterThanOrEqualTo(CALENDAR.dayEnd(FIRST_DAY));

    // Live values (CURRENT: the newest census event, not a closed period) and other families'
    // values say nothing of the census's closed hours; nor does a unit's hour, which the census
    // keeps off the topic (a stray one must not become a second clock).
    long later = Instant.parse("2026-08-29T10:00:00Z").toEpochMilli();
    assertThat(
            decoder
                .decode(record(value(CensusIndicators.OCCUPANCY, "HOUR", later, 85.0)))
                .isCensusTime())
        .isFalse();
    assertThat(
            decoder
                .decode(record(value(CensusIndicators.OCCUPANCY, "CURRENT", later, 85.0)))
                .isCensusTime())
        .isFalse();
    assertThat(
            decoder
                .decode(record(value(InfectionIndicators.INCIDENCE, "HOUR", later, 5.0)))
                .isCensusTime())
        .isFalse();
  }

  /** A value of unit R01-H01-U01 for the period of {@code kind} ending at {@code end}. */
  private static IndicatorRecord value(String indicator, String kind, long end, double value) {
    return value(Level.UNIT, indicator, kind, end, value);
  }

  /** A value of R01-H01 (or its unit U01) for the period of {@code kind} ending at {@code end}. */
  private static IndicatorRecord value(
      Level level, String indicator, String kind, long end, double value) {
    long start = end - (kind.equals("DAY") ? 24 : kind.equals("HOUR") ? 1 : 0) * 3_600_000L;
    return new IndicatorRecord(
        indicator,
        level,
        "R01",
        "R01-H01",
        level == Level.UNIT ? "R01-H01-U01" : "",
        CareType.SOMATIC,
        kind,
        start,
        end,
        value,
        null,
        null,
        1);
  }

  private static SourceRecord record(IndicatorRecord value) {
    return new SourceRecord("indicators", 0, 0, INDICATORS.encode(value.toAvro()));
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
