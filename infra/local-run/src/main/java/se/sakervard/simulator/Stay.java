package se.sakervard.simulator;

/** A care episode (vårdtillfälle) in progress: where the patient lies and who is responsible. */
final class Stay {
  final String ref;
  final String patientRef;
  int responsibleUnit;
  int lyingUnit;
  boolean active = true;

  Stay(String ref, String patientRef, int responsibleUnit, int lyingUnit) {
    this.ref = ref;
    this.patientRef = patientRef;
    this.responsibleUnit = responsibleUnit;
    this.lyingUnit = lyingUnit;
  }

  boolean outlying() {
    return lyingUnit != responsibleUnit;
  }
}
