package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CensusCalendarTest {
  private final CensusCalendar stockholm =
      new CensusCalendar(ZoneId.of("Europe/Stockholm"), LocalTime.of(6, 0));

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldCloseEveryHourAndTheSnapshotAt0600LocalTime() {
    // 2026-01-15 is winter time (UTC+1): 06:00 local is 05:00 UTC.
    assertThat(stockholm.nextBoundaryAfter(at("2026-01-15T04:30:00Z")))
        .isEqualTo(at("2026-01-15T05:00:00Z"));
    assertThat(stockholm.isSnapshot(at("2026-01-15T05:00:00Z"))).isTrue();
    assertThat(stockholm.isSnapshot(at("2026-01-15T06:00:00Z"))).isFalse();
    // A boundary is strictly after t: exactly on the hour, the next one is an hour later.
    assertThat(stockholm.nextBoundaryAfter(at("2026-01-15T05:00:00Z")))
        .isEqualTo(at("2026-01-15T06:00:00Z"));
  }

  @Test
  void shouldMakeTheLocalDayOfTheSpringClockChange23HoursLong() {
    // Clocks go forward on 2026-03-29 in Sweden: local midnight 28→29 is 23:00 UTC on the 28th,
    // midnight 29→30 is 22:00 UTC on the 29th, so that local day lasts 23 hours.
    long endOfDay = at("2026-03-29T22:00:00Z");
    assertThat(stockholm.isLocalMidnight(endOfDay)).isTrue();
    assertThat(endOfDay - stockholm.localDayStartBefore(endOfDay))
        .isEqualTo(23 * CensusCalendar.HOUR);
    // Summer time (UTC+2): the snapshot at 06:00 local is 04:00 UTC.
    assertThat(stockholm.isSnapshot(at("2026-03-30T04:00:00Z"))).isTrue();
  }

  @Test
  void shouldMakeTheLocalDayOfTheAutumnClockChange25HoursLong() {
    // Clocks go back on 2026-10-25: that local day runs 22:00 UTC on the 24th to 23:00 UTC on the
    // 25th.
    long endOfDay = at("2026-10-25T23:00:00Z");
    assertThat(stockholm.isLocalMidnight(endOfDay)).isTrue();
    assertThat(endOfDay - stockholm.localDayStartBefore(endOfDay))
        .isEqualTo(25 * CensusCalendar.HOUR);
  }
}
