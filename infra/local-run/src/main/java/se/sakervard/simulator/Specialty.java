package se.sakervard.simulator;

import se.sakervard.schemas.common.CareType;

/** The specialty of a simulated unit, which decides its care type and whether it is technical. */
public enum Specialty {
  INTERNAL_MEDICINE(5, false, "Medicin"),
  CARDIOLOGY(2, false, "Kardiologi"),
  GERIATRICS(2, false, "Geriatrik"),
  SURGERY(3, true, "Kirurgi"),
  ORTHOPAEDICS(2, true, "Ortopedi"),
  UROLOGY(1, true, "Urologi"),
  GYNAECOLOGY(1, true, "Gynekologi"),
  PAEDIATRICS(1, false, "Barn"),
  NEUROLOGY(1, false, "Neurologi"),
  INFECTIOUS_DISEASES(1, false, "Infektion"),
  ONCOLOGY(1, false, "Onkologi"),
  PSYCHIATRY(0, false, "Psykiatri"),
  INTENSIVE_CARE(0, false, "IVA");

  /** How often a somatic ward of a hospital has this specialty, relative to the others. */
  final int wardWeight;

  /** Elective specialties may run five-day wards, with fewer staffed beds over the weekend. */
  final boolean elective;

  /** The Swedish name a ward of this specialty goes by, e.g. "Medicin". */
  final String swedishName;

  Specialty(int wardWeight, boolean elective, String swedishName) {
    this.wardWeight = wardWeight;
    this.elective = elective;
    this.swedishName = swedishName;
  }

  public CareType careType() {
    return this == PSYCHIATRY ? CareType.PSYCHIATRIC : CareType.SOMATIC;
  }

  /** Technical units are left out of bed indicators by default. */
  public boolean technical() {
    return this == INTENSIVE_CARE;
  }
}
