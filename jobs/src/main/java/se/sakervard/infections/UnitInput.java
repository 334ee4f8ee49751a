package se.sakervard.infections;

import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;

/**
 * What a unit's day totals are made of: an observation of the unit counted in ({@code sign} 1) or,
 * for a case corrected or withdrawn, out (-1); or the unit's patient days (sign 1).
 *
 * @param changedAt when it was counted in or out: the event time of the record that made the change
 *     (a correction, a withdrawal), which may be later than the observation's
 */
public record UnitInput(
    InfectionInput observation, PatientDays patientDays, int sign, long changedAt)
    implements InputEvent {

  public UnitInput(InfectionInput observation, PatientDays patientDays) {
    this(observation, patientDays, 1);
  }

  /** Counted at the observation's own event time. */
  public UnitInput(InfectionInput observation, PatientDays patientDays, int sign) {
    this(
        observation,
        patientDays,
        sign,
        observation != null ? observation.eventTime() : patientDays.dayEnd());
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
