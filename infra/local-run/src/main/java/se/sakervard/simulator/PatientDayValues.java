package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.HOUR;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import se.sakervard.census.CensusIndicators;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.schemas.pipeline.Level;

/**
 * The census job's patient days as it publishes them on the indicators topic ({@code
 * census.patient_days}, level UNIT, period DAY, sent when the local day ends): each unit's expected
 * occupied beds hour by hour, the same the infection simulator's rates assume ({@link
 * InfectionFlow#occupiedBeds}). Lets the infection job run without the census job, as the infection
 * benchmark does; days are cut to the period, as the census's first and last days are.
 */
public final class PatientDayValues implements Iterator<SimulatedRecord> {
  private final SingleObjectCodec<IndicatorValue> codec =
      SingleObjectCodec.of(IndicatorValue.class);
  private final SimulatedRegion region;
  private final long start;
  private final long end;
  private final Deque<SimulatedRecord> ready = new ArrayDeque<>();
  private LocalDate day;

  public PatientDayValues(SimulatedRegion region, Instant start, Instant end) {
    this.region = region;
    this.start = start.toEpochMilli();
    this.end = end.toEpochMilli();
    this.day = CareCalendar.local(this.start).toLocalDate();
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      long dayEnd = CareCalendar.millis(day.plusDays(1), LocalTime.MIDNIGHT);
      if (dayEnd > end) {
        return false;
      }
      addDay(CareCalendar.millis(day, LocalTime.MIDNIGHT), dayEnd);
      day = day.plusDays(1);
    }
    return true;
  }

  @Override
  public SimulatedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void addDay(long dayStart, long dayEnd) {
    boolean summer = CareCalendar.summer(day);
    for (SimulatedUnit unit : region.units()) {
      double patientDays = 0;
      for (long hour = Math.max(dayStart, start); hour < dayEnd; hour += HOUR) {
        LocalDateTime local = CareCalendar.local(hour);
        patientDays +=
            InfectionFlow.occupiedBeds(unit, summer, CareCalendar.weekendClosure(local)) / 24;
      }
      IndicatorRecord value =
          new IndicatorRecord(
              CensusIndicators.PATIENT_DAYS,
              Level.UNIT,
              region.regionCode(),
              unit.hospitalCode(),
              unit.code(),
              unit.careType(),
              "DAY",
              dayStart,
              dayEnd,
              patientDays,
              null,
              null,
              dayEnd);
      Instant at = Instant.ofEpochMilli(dayEnd);
      ready.add(
          new SimulatedRecord(
              value.key(), codec.encode(value.toAvro()), at, at, RecordKind.PATIENT_DAYS));
    }
  }
}
