package se.sakervard.infections;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/**
 * What a unit's day totals are made of: an observation of the unit counted in ({@code sign} 1) or,
 * for a case corrected or withdrawn, out (-1); or the unit's patient days (sign 1).
 */
public record UnitInput(InfectionInput observation, PatientDays patientDays, int sign)
    implements InputEvent {

  public UnitInput(InfectionInput observation, PatientDays patientDays) {
    this(observation, patientDays, 1);
  }

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
