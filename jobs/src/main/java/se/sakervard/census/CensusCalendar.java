package se.sakervard.census;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The instants at which census periods close: every hour (keyed by the instant it starts, so no
 * hour is lost or doubled when the clocks change), every local midnight, and the official morning
 * snapshot (06:00 local time, Europe/Stockholm by default).
 */
public final class CensusCalendar implements Serializable {
  static final long HOUR = 3_600_000L;

  private final ZoneId zone;
  private final LocalTime snapshotTime;

  public CensusCalendar(ZoneId zone, LocalTime snapshotTime) {
    this.zone = zone;
    this.snapshotTime = snapshotTime;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first boundary strictly after {@code t}. */
  public long nextBoundaryAfter(long t) {
    long nextHour = Math.floorDiv(t, HOUR) * HOUR + HOUR;
    LocalDate today = localDate(t);
    long nextMidnight = today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    long snapshotToday = snapshotInstant(today);
    long nextSnapshot = snapshotToday > t ? snapshotToday : snapshotInstant(today.plusDays(1));
    return Math.min(nextHour, Math.min(nextMidnight, nextSnapshot));
  }

  public boolean isHourStart(long t) {
    return Math.floorMod(t, HOUR) == 0;
  }

  public boolean isLocalMidnight(long t) {
    return ZonedDateTime.ofInstant(Instant.ofEpochMilli(t), zone)
        .toLocalTime()
        .equals(LocalTime.MIDNIGHT);
  }

  public boolean isSnapshot(long t) {
    return snapshotInstant(localDate(t)) == t;
  }

  /** The start of the local day that ends at the local midnight {@code t}. */
  public long localDayStartBefore(long t) {
    return localDate(t - 1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  public LocalDate localDate(long t) {
    return Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
  }

  private long snapshotInstant(LocalDate day) {
    return ZonedDateTime.of(day, snapshotTime, zone).toInstant().toEpochMilli();
  }
}
