package se.sakervard.core.time;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The local calendar (Europe/Stockholm by default, {@code census.zone}): days and months. */
public record LocalCalendar(ZoneId zone) implements Serializable {

  /** The instant the local month holding {@code t} starts. */
  public long monthStart(long t) {
    LocalDate day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    return day.withDayOfMonth(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** The local day holding {@code t}, as days since 1970-01-01. */
  public int day(long t) {
    return (int) Instant.ofEpochMilli(t).atZone(zone).toLocalDate().toEpochDay();
  }

  /** The instant the local day ends (exclusive): the start of the next, 23 to 25 hours later. */
  public long dayEnd(int day) {
    return LocalDate.ofEpochDay(day + 1L).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** The instant the local month starting at {@code monthStart} ends (exclusive). */
  public long monthEnd(long monthStart) {
    LocalDate first = Instant.ofEpochMilli(monthStart).atZone(zone).toLocalDate();
    return first.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
