package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
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
  void shouldHoldEventTimeBackWhileTheCensusIsQuiet() throws Exception {
    // The local run at full speed (idle timeout 10 s): the 90 days of observations are in Kafka
    // within 3 s, the census publishes its first patient days 18 s after the first observation
    // (measured, Kafka timestamps). Marked idle meanwhile, the census input stopped holding the
    // join's event time back: it followed the observations to the present, and the unknown-unit
    // timer (observation + 2 days) dead-lettered 1,882 observations of real units as "not in the
    // reference data" before the census had reported any unit. Its patient days then came in
    // behind the join's event time, and the days after the last one emitted never ended.
    try (var census = harness(settings("10 s"))) {
      census.open();
      // Its idleness is checked on every watermark tick (200 ms): quiet for 18, 36 and 54 s.
      for (int seconds : new int[] {18, 36, 54}) {
        census.setProcessingTime(Duration.ofSeconds(seconds).toMillis());
      }
      assertThat(census.getOutput()).as("before its first value: no watermark, not idle").isEmpty();

      // 28 August ends at midnight CEST, 22:00 UTC: event time is 5 minutes (the out-of-orderness
      // bound) and 1 ms behind it.
      PatientDays firstDay = unitDay("R01-H01-U01", FIRST_DAY, 20);
      census.processElement(new StreamRecord<>(new UnitInput(null, firstDay)));
      assertThat(firstDay.eventTime())
          .isEqualTo(Instant.parse("2026-08-28T22:00:00Z").toEpochMilli());
      assertThat(watermarks(census))
          .containsExactly(Instant.parse("2026-08-28T21:54:59.999Z").toEpochMilli());

      // The census is slow to publish the next day: its input still holds event time where it is,
      // and is never marked idle (Flink would have said so as a watermark status).
      for (int minutes : new int[] {5, 10, 15}) {
        census.setProcessingTime(Duration.ofMinutes(minutes).toMillis());
      }
      assertThat(census.getOutput())
          .as("after its first value: the one watermark, no idleness")
          .hasSize(2)
          .noneMatch(WatermarkStatus.class::isInstance);
    }
  }

  @Test
  void shouldEndADayWhenTheCensusHasClosedTheNextHour() throws Exception {
    // The census publishes patient days once a day, when the day ends; its hourly figures say how
    // far its event time has got in between. Without them, 28 August would end for the join only
    // with the patient days of 29 August, a day later.
    PatientDaysDecoder decoder = new PatientDaysDecoder(CALENDAR);
    try (var census = harness(settings("10 s"))) {
      census.open();
      long firstDayEnd = Instant.parse("2026-08-28T22:00:00Z").toEpochMilli();
      PatientDays firstDay =
          decoder.decode(record(value(CensusIndicators.PATIENT_DAYS, "DAY", firstDayEnd, 20.0)));
      census.processElement(new StreamRecord<>(new UnitInput(null, firstDay)));
      assertThat(firstDay.isUnitDay()).isTrue();
      assertThat(watermarks(census))
          .containsExactly(Instant.parse("2026-08-28T21:54:59.999Z").toEpochMilli());

      // The hospital's occupancy over 00:00-01:00 local on 29 August (22:00-23:00 UTC): the
      // census has closed that hour, so its event time is 5 minutes and 1 ms behind 23:00 UTC,
      // past the end of 28 August (22:00 UTC).
      long hourEnd = Instant.parse("2026-08-28T23:00:00Z").toEpochMilli();
      PatientDays hour =
          decoder.decode(
              record(value(Level.HOSPITAL, CensusIndicators.OCCUPANCY, "HOUR", hourEnd, 85.0)));
      assertThat(hour.isUnitDay()).isFalse();
      assertThat(hour.isCensusTime()).isTrue();
      census.processElement(new StreamRecord<>(new UnitInput(null, hour)));
      long watermark = watermarks(census).get(1);
      assertThat(watermark).isEqualTo(Instant.parse("2026-08-28T22:54:59.999Z").toEpochMilli());
      assertThat(watermark).isGreaterThanOrEqualTo(CALENDAR.dayEnd(FIRST_DAY));
    }

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

  /** The census input's event-time operator, as the job runs it, in a test harness. */
  private static OneInputStreamOperatorTestHarness<UnitInput, UnitInput> harness(
      InfectionSettings settings) throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(InfectionJob.censusTime(settings));
    harness.getExecutionConfig().setAutoWatermarkInterval(200);
    return harness;
  }

  /** The watermarks the operator emitted, in order. */
  private static List<Long> watermarks(
      OneInputStreamOperatorTestHarness<UnitInput, UnitInput> harness) {
    return harness.getOutput().stream()
        .filter(Watermark.class::isInstance)
        .map(w -> ((Watermark) w).getTimestamp())
        .toList();
  }
}
