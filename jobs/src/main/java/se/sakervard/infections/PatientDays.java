package se.sakervard.infections;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/**
 * A unit's patient days (vårddagar) on one local day, as the census job publishes them on the
 * indicators topic ({@code census.patient_days}, period DAY): the infection job's denominator. Or,
 * without a unit, {@link #censusHour}: only how far the census's event time has got.
 *
 * @param version the census figure's version: a higher one corrects a lower
 * @param dayEnd the instant the day ends: its event time (of a census hour, the hour's end)
 */
public record PatientDays(
    String regionCode,
    String hospitalCode,
    String unitCode,
    int day,
    double patientDays,
    long version,
    long dayEnd)
    implements InputEvent {
  /** What an indicator value that says nothing of the census's patient days or time decodes to. */
  public static final PatientDays OTHER_INDICATOR = new PatientDays("", "", "", 0, 0, 0, 0);

  /**
   * The census has closed an hour ending at {@code hourEnd}: it closes periods only once its event
   * time has passed their end, after the days before them.
   */
  public static PatientDays censusHour(long hourEnd) {
    return new PatientDays("", "", "", 0, 0, 0, hourEnd);
  }

  public boolean isUnitDay() {
    return !unitCode.isEmpty();
  }

  /** A unit's patient days or a census hour: what the census input's event time moves with. */
  public boolean isCensusTime() {
    return dayEnd != OTHER_INDICATOR.dayEnd;
  }

  @Override
  public String eventId() {
    return "patient-days|" + unitCode + "|" + day + "|" + version;
  }

  @Override
  public long eventTime() {
    return dayEnd;
  }

  /** Read from the indicators topic, not from a source system: not dead-lettered by the job. */
  @Override
  public SourceRecord origin() {
    return null;
  }
}
