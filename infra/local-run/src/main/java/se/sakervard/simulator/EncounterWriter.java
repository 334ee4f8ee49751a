package se.sakervard.simulator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import se.sakervard.feeds.CensusFeed;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;

/**
 * The simulator's stays as a FHIR server publishes them: one R4 Encounter per stay (its id the stay
 * reference), and after each of the stay's events the whole Encounter again as JSON, built with
 * HAPI FHIR's model (docs/hospital-feeds.md). The unit's code is the Location id, the responsible
 * unit's {@link AdtWriter#serviceOf service} code the serviceType, meta.lastUpdated the instant the
 * version is published.
 *
 * <ul>
 *   <li>Admission: status in-progress, the first location active from the event.
 *   <li>Transfer: the location so far completed, the new one active; a change of the responsible
 *       unit only: the serviceType changed.
 *   <li>Discharge: status finished, period.end and the last location's end the event's time.
 *   <li>Retraction: of the admission, entered-in-error; of a transfer, its location removed and the
 *       one before active again; of the discharge, in-progress again.
 *   <li>An event already applied (a duplicate): the same Encounter published again.
 * </ul>
 */
public final class EncounterWriter {
  private static final FhirContext FHIR = FhirContext.forR4();
  private static final int REMEMBERED = 100_000;

  /** What a stay's events have said so far: the Encounter is built from it at each version. */
  private static final class StayEncounter {
    final String id;
    final Map<String, String> applied = new LinkedHashMap<>(); // event id → kind
    final List<Object[]> locations = new ArrayList<>(); // {event id, unit, start}, by start
    String patient;
    String hospital;
    String service;
    String serviceBefore; // the service before the newest change of the responsible unit only
    Encounter.EncounterStatus status = Encounter.EncounterStatus.INPROGRESS;
    Date discharged;

    StayEncounter(String id) {
      this.id = id;
    }

    /**
     * Adds a location at {@code start} among the others by time (a late event goes in its place).
     */
    void enter(String eventId, String unit, Date start) {
      int i = locations.size();
      while (i > 0 && ((Date) locations.get(i - 1)[2]).after(start)) {
        i--;
      }
      locations.add(i, new Object[] {eventId, unit, start});
    }
  }

  private final Map<String, StayEncounter> stays =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StayEncounter> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** The Encounter's JSON after {@code event}, published at {@code publishedAt}. */
  public String write(CensusEvent event, Instant publishedAt) {
    String stayRef = CensusFeed.stayOf(event);
    StayEncounter stay = stays.computeIfAbsent(stayRef, StayEncounter::new);
    String eventId = event.getEnvelope().getEventId();
    Date time = Date.from(event.getEnvelope().getEventTime());
    String unit = event.getEnvelope().getUnitCode();
    if (!stay.applied.containsKey(eventId)) {
      Object change = event.getChange();
      if (change instanceof Admission a) {
        stay.patient = a.getPatientRef();
        stay.hospital = event.getEnvelope().getHospitalCode();
        stay.service = AdtWriter.serviceOf(a.getResponsibleUnitCode());
        stay.enter(eventId, unit, time);
        stay.applied.put(eventId, "ADMISSION");
      } else if (change instanceof Transfer t) {
        stay.serviceBefore = stay.service;
        stay.service = AdtWriter.serviceOf(t.getResponsibleUnitCode());
        if (t.getFromUnitCode().equals(unit)) {
          stay.applied.put(eventId, "SERVICE");
        } else {
          stay.enter(eventId, unit, time);
          stay.applied.put(eventId, "TRANSFER");
        }
      } else if (change instanceof Discharge) {
        stay.status = Encounter.EncounterStatus.FINISHED;
        stay.discharged = time;
        stay.applied.put(eventId, "DISCHARGE");
      } else {
        String retracted = ((Retraction) change).getRetractedEventId();
        switch (String.valueOf(stay.applied.get(retracted))) {
          case "ADMISSION" -> stay.status = Encounter.EncounterStatus.ENTEREDINERROR;
          case "TRANSFER" -> stay.locations.removeIf(l -> l[0].equals(retracted));
          case "SERVICE" -> stay.service = stay.serviceBefore;
          case "DISCHARGE" -> {
            stay.status = Encounter.EncounterStatus.INPROGRESS;
            stay.discharged = null;
          }
          default -> {} // an event this writer never saw: nothing to take back
        }
        stay.applied.put(eventId, "RETRACTION");
      }
    }
    return FHIR.newJsonParser().encodeResourceToString(encounter(stay, publishedAt));
  }

  /** A time to the millisecond, as the simulator has it (HAPI writes seconds by default). */
  private static DateTimeType millis(Date time) {
    return time == null ? null : new DateTimeType(time, TemporalPrecisionEnum.MILLI);
  }

  /** The Encounter as the stay's events so far describe it. */
  private static Encounter encounter(StayEncounter stay, Instant publishedAt) {
    Encounter e = new Encounter();
    e.setId(stay.id);
    e.getMeta().setLastUpdated(Date.from(publishedAt));
    e.setStatus(stay.status);
    e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient"));
    if (stay.patient != null) {
      e.setSubject(new Reference("Patient/" + stay.patient));
      e.setServiceProvider(new Reference("Organization/" + stay.hospital));
    }
    if (stay.service != null) {
      e.getServiceType().addCoding().setCode(stay.service);
    }
    if (stay.discharged != null) {
      e.getPeriod().setEndElement(millis(stay.discharged));
    }
    for (int i = 0; i < stay.locations.size(); i++) {
      Object[] l = stay.locations.get(i);
      Date end =
          i + 1 < stay.locations.size() ? (Date) stay.locations.get(i + 1)[2] : stay.discharged;
      e.addLocation()
          .setLocation(new Reference("Location/" + l[1]))
          .setStatus(
              end == null
                  ? Encounter.EncounterLocationStatus.ACTIVE
                  : Encounter.EncounterLocationStatus.COMPLETED)
          .setPeriod(new Period().setStartElement(millis((Date) l[2])).setEndElement(millis(end)));
    }
    return e;
  }
}
