package se.sakervard.infections;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/**
 * A unit's patient days (vårddagar) on one local day, as the census job publishes them on the
 * indicators topic ({@code census.patient_days}, period DAY): the infection job's denominator.
 *
 * @param version the census figure's version: a higher one corrects a lower
 * @param dayEnd the instant the day ends: its event time
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
  /** What an indicator value other than a unit's patient days decodes to. */
  public static final PatientDays OTHER_INDICATOR = new PatientDays("", "", "", 0, 0, 0, 0);

  public boolean isUnitDay() {
    return !unitCode.isEmpty();
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
