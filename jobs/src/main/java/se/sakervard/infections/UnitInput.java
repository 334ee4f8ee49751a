package se.sakervard.infections;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/** What a unit's day totals are made of: an observation of the unit, or its patient days. */
public record UnitInput(InfectionInput observation, PatientDays patientDays) implements InputEvent {

  @Override
  public String eventId() {
    return observation != null ? observation.eventId() : patientDays.eventId();
  }

  @Override
  public SourceRecord origin() {
    return observation != null ? observation.origin() : null;
  }

  public String unitKey() {
    return observation != null
        ? observation.regionCode() + "|" + observation.unitCode()
        : patientDays.regionCode() + "|" + patientDays.unitCode();
  }

  @Override
  public long eventTime() {
    return observation != null ? observation.eventTime() : patientDays.dayEnd();
  }
}
