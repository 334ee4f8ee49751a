package se.sakervard.simulator;

import se.sakervard.schemas.common.CareType;

/** The specialty of a simulated unit, which decides its care type and whether it is technical. */
public enum Specialty {
  INTERNAL_MEDICINE(5, false),
  CARDIOLOGY(2, false),
  GERIATRICS(2, false),
  SURGERY(3, true),
  ORTHOPAEDICS(2, true),
  UROLOGY(1, true),
  GYNAECOLOGY(1, true),
  PAEDIATRICS(1, false),
  NEUROLOGY(1, false),
  INFECTIOUS_DISEASES(1, false),
  ONCOLOGY(1, false),
  PSYCHIATRY(0, false),
  INTENSIVE_CARE(0, false);

  /** How often a somatic ward of a hospital has this specialty, relative to the others. */
  final int wardWeight;

  /** Elective specialties may run five-day wards, with fewer staffed beds over the weekend. */
  final boolean elective;

  Specialty(int wardWeight, boolean elective) {
    this.wardWeight = wardWeight;
    this.elective = elective;
  }

  public CareType careType() {
    return this == PSYCHIATRY ? CareType.PSYCHIATRIC : CareType.SOMATIC;
  }

  /** Technical units are left out of bed indicators by default. */
  public boolean technical() {
    return this == INTENSIVE_CARE;
  }
}
