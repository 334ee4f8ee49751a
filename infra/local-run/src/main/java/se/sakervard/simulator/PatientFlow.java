package se.sakervard.simulator;

/**
 * The calibration of the patient flow.
 *
 * @param occupancy target mean load of wards and psychiatric units, as a share of their ordinary
 *     beds
 * @param intensiveCareOccupancy the same for intensive care
 * @param somaticDays stay of a patient admitted to a somatic ward
 * @param psychiatryDays stay of a psychiatric patient
 * @param intensiveCareDays time in intensive care before stepping down to a ward
 * @param afterIntensiveCareDays the rest of the stay on the ward
 * @param outlyingWhenFull chance that a patient whose ward is full is placed on another ward with a
 *     free bed rather than overcrowding their own
 * @param specialtyTransferShare share of somatic stays longer than a day that move to another
 *     specialty's ward during the stay
 * @param otherHospitalShare share of those moves that go to another hospital of the region
 */
record PatientFlow(
    double occupancy,
    double intensiveCareOccupancy,
    StayLength somaticDays,
    StayLength psychiatryDays,
    StayLength intensiveCareDays,
    StayLength afterIntensiveCareDays,
    double outlyingWhenFull,
    double specialtyTransferShare,
    double otherHospitalShare) {

  /**
   * Swedish figures: a mean stay of about 4.5 days, about 70 admissions per available bed a year,
   * wards running near 90% full so that overcrowding and outlying patients are everyday events.
   */
  static PatientFlow swedish() {
    return new PatientFlow(
        0.86,
        0.75,
        new StayLength(4.3, 1.0),
        new StayLength(9.0, 1.0),
        new StayLength(2.5, 0.8),
        new StayLength(5.0, 0.9),
        0.25,
        0.25,
        0.05);
  }
}
