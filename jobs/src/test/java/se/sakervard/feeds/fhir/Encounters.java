package se.sakervard.feeds.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * FHIR R4 Encounters for tests, built with HAPI FHIR's model and written as the JSON a server
 * sends. Times are local winter times in Sweden ("2026-01-14T08:00" is 07:00 UTC). The patient is a
 * made-up record id, never an identity number.
 */
final class Encounters {
  static final String PATIENT = "PAT-4711-TEST";
  private static final FhirContext FHIR = FhirContext.forR4();

  private final Encounter encounter = new Encounter();

  private Encounters() {}

  /** An inpatient Encounter {@code id} with {@code status}, last updated at {@code updated}. */
  static Encounters encounter(String id, String status, String updated) {
    Encounters e = new Encounters();
    e.encounter.setId("Encounter/" + id);
    e.encounter.getMeta().setLastUpdatedElement(new InstantType(local(updated) + ":00.000+01:00"));
    e.encounter.setStatus(Encounter.EncounterStatus.fromCode(status));
    e.encounter.setClass_(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient"));
    e.encounter.setSubject(new Reference("Patient/" + PATIENT));
    return e;
  }

  Encounters classCode(String code) {
    encounter.getClass_().setCode(code);
    return this;
  }

  /** A location[] entry, active while {@code end} is null, else completed. */
  Encounters location(String location, String start, String end) {
    return location(location, end == null ? "active" : "completed", start, end);
  }

  Encounters location(String location, String status, String start, String end) {
    Period period = new Period().setStartElement(time(start));
    if (end != null) {
      period.setEndElement(time(end));
    }
    encounter
        .addLocation()
        .setLocation(new Reference("Location/" + location))
        .setStatus(Encounter.EncounterLocationStatus.fromCode(status))
        .setPeriod(period);
    return this;
  }

  Encounters serviceType(String code) {
    encounter.getServiceType().addCoding().setCode(code);
    return this;
  }

  Encounters serviceProvider(String organization) {
    encounter.setServiceProvider(new Reference("Organization/" + organization));
    return this;
  }

  Encounters end(String end) {
    encounter.getPeriod().setEndElement(time(end));
    return this;
  }

  String json() {
    return FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(encounter);
  }

  private static DateTimeType time(String local) {
    return new DateTimeType(local(local) + ":00+01:00");
  }

  private static String local(String time) {
    return time.length() == 16 ? time : time.substring(0, 16);
  }
}
