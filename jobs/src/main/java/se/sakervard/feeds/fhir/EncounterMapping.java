package se.sakervard.feeds.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.VisitMapping;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.common.Envelope;

/**
 * FHIR R4 Encounter → census events (docs/hospital-feeds.md). An Encounter is a state, not an
 * event: each version says where the patient has lain so far. The mapping plans the census events
 * that version means ({@link #plan}) and sends the difference to what it sent before: the events it
 * had not sent, and a retraction of each sent event the version no longer has. So a corrected
 * period moves its transfer, and {@code entered-in-error} or {@code cancelled} takes back every
 * event of the stay.
 *
 * <ul>
 *   <li>Only inpatient Encounters (class IMP, ACUTE, NONAC) occupy beds; their patient lies in a
 *       bed while {@code in-progress}, {@code onleave} or {@code finished}, and not while {@code
 *       planned}, {@code arrived} or {@code triaged}.
 *   <li>location[] entries {@code active} or {@code completed} (or without status) count, by their
 *       periods; {@code planned} and {@code reserved} do not. Where periods overlap the patient is
 *       in the location entered last.
 *   <li>The responsible unit is the location map's {@code service.} entry of serviceType's code,
 *       else of serviceProvider's id, else the unit where the patient lies. A version that changes
 *       it is a change from the version's meta.lastUpdated on.
 *   <li>A {@code finished} Encounter is discharged at period.end, else when its last location
 *       ended.
 *   <li>A version older (meta.lastUpdated) than one already taken changes nothing.
 * </ul>
 */
public final class EncounterMapping implements VisitMapping<EncounterVersion, EncounterStay> {
  static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");
  static final Set<String> IN_BED = Set.of("in-progress", "onleave", "finished");
  static final Set<String> NOT_IN_BED =
      Set.of("planned", "arrived", "triaged", "cancelled", "entered-in-error");
  private static final Set<String> NOT_THERE = Set.of("planned", "reserved");

  private final LocationMap map;
  private final Pseudonyms pseudonyms;

  public EncounterMapping(LocationMap map, Pseudonyms pseudonyms) {
    this.map = map;
    this.pseudonyms = pseudonyms;
  }

  /** One census event a version means. {@code from} only for a transfer. */
  record Planned(String kind, long time, String unit, String from, String responsible) {}

  /** The stay reference of an Encounter: the keyed hash of its id. */
  public String stayRef(EncounterVersion v) throws Rejected {
    if (v.id() == null || v.id().isBlank()) {
      throw new Rejected("the Encounter has no id: its versions cannot be followed");
    }
    return pseudonyms.of("visit", v.id());
  }

  /** Checks what can be checked of a version alone. */
  public void check(EncounterVersion v) throws Rejected {
    stayRef(v);
    if (v.status() == null || !(IN_BED.contains(v.status()) || NOT_IN_BED.contains(v.status()))) {
      throw new Rejected(
          "status '"
              + v.status()
              + "' says nothing of a bed: send planned, arrived, triaged, in-progress, onleave,"
              + " finished, cancelled or entered-in-error");
    }
    plan(v, new EncounterStay());
  }

  @Override
  public EncounterStay newVisit() {
    return new EncounterStay();
  }

  @Override
  public long newestTime(EncounterStay visit) {
    return visit.newestTime;
  }

  @Override
  public List<CensusEvent> map(EncounterVersion v, EncounterStay stay) throws Rejected {
    check(v);
    long versionTime = v.newestTime();
    if (versionTime < stay.newestVersion) {
      return List.of(); // an older version than one already taken
    }
    String responsible = responsibleOf(v);
    if (stay.responsibilities.isEmpty()) {
      stay.responsibilities.add(new EncounterStay.Responsibility(Long.MIN_VALUE, responsible));
    } else if (!Objects.equals(
        stay.responsibilities.get(stay.responsibilities.size() - 1).unit, responsible)) {
      stay.responsibilities.add(new EncounterStay.Responsibility(versionTime, responsible));
    }
    stay.newestVersion = versionTime;
    stay.newestTime = Math.max(stay.newestTime, versionTime);

    String stayRef = stayRef(v);
    String patientRef =
        v.patientId() == null ? "p-unknown" : pseudonyms.of("patient", v.patientId());
    String hospital = v.serviceProvider() != null ? v.serviceProvider() : "fhir";
    List<Planned> planned = plan(v, stay);
    List<String> ids = new ArrayList<>();
    for (Planned p : planned) {
      String base =
          pseudonyms.of(
              "event",
              String.join(
                  "|",
                  stayRef,
                  p.kind(),
                  Long.toString(p.time()),
                  p.unit(),
                  String.valueOf(p.from()),
                  String.valueOf(p.responsible())));
      String id = base;
      for (int k = 1; stay.live(id) == null && stay.used(id); k++) {
        id = base + "." + k; // the event was taken back before: a new id sends it again
      }
      ids.add(id);
    }
    Set<String> wanted = new HashSet<>(ids);

    List<CensusEvent> events = new ArrayList<>();
    List<EncounterStay.Sent> gone = new ArrayList<>();
    for (EncounterStay.Sent s : stay.sent) {
      if (!s.retracted && !wanted.contains(s.eventId)) {
        gone.add(s);
      }
    }
    gone.sort(Comparator.comparingLong((EncounterStay.Sent s) -> s.time).reversed());
    for (EncounterStay.Sent s : gone) {
      s.retracted = true;
      events.add(
          new CensusEvent(
              envelope("x-" + s.eventId, s.time, hospital, s.unit),
              new Retraction(stayRef, s.eventId)));
    }
    for (int i = 0; i < planned.size(); i++) {
      Planned p = planned.get(i);
      String id = ids.get(i);
      if (stay.live(id) != null) {
        continue;
      }
      stay.sent.add(new EncounterStay.Sent(id, p.time(), p.unit()));
      stay.newestTime = Math.max(stay.newestTime, p.time());
      Object change =
          switch (p.kind()) {
            case "ADMISSION" -> new Admission(stayRef, patientRef, p.responsible());
            case "TRANSFER" -> new Transfer(stayRef, patientRef, p.from(), p.responsible());
            default -> new Discharge(stayRef, patientRef);
          };
      events.add(new CensusEvent(envelope(id, p.time(), hospital, p.unit()), change));
    }
    return events;
  }

  /**
   * The census events a version means, in time order, with the responsibility {@code stay} has
   * recorded: none unless an inpatient lies in a bed; else an admission where the first location
   * begins, a transfer wherever the location's unit or the responsible unit changes, and for a
   * finished Encounter a discharge.
   */
  List<Planned> plan(EncounterVersion v, EncounterStay stay) throws Rejected {
    if (!IN_BED.contains(v.status()) || !INPATIENT.contains(v.classCode())) {
      return List.of();
    }
    record Counted(int index, String unit, long start, Long end) {}
    List<Counted> counted = new ArrayList<>();
    for (int i = 0; i < v.locations().size(); i++) {
      EncounterVersion.LocationPeriod l = v.locations().get(i);
      if (l.status() != null && NOT_THERE.contains(l.status())) {
        continue;
      }
      if (l.location() == null) {
        throw new Rejected("location[" + i + "] refers to no Location (neither id nor identifier)");
      }
      String unit = unitOf(l.location());
      if (l.start() == null) {
        throw new Rejected("location[" + i + "] (" + l.location() + ") has no period.start");
      }
      counted.add(new Counted(i, unit, l.start(), l.end()));
    }
    if (counted.isEmpty()) {
      throw new Rejected(
          "an inpatient Encounter "
              + v.status()
              + " without an active or completed location: its bed cannot be placed");
    }
    Long discharge = null;
    if (v.status().equals("finished")) {
      discharge = v.end();
      if (discharge == null) {
        for (Counted c : counted) {
          if (c.end() == null) {
            throw new Rejected(
                "a finished Encounter without period.end whose location "
                    + c.unit()
                    + " has not ended: its discharge time is unknown");
          }
          discharge = discharge == null ? c.end() : Math.max(discharge, c.end());
        }
      }
    }
    TreeSet<Long> points = new TreeSet<>();
    for (Counted c : counted) {
      points.add(c.start());
      if (c.end() != null) {
        points.add(c.end());
      }
    }
    for (EncounterStay.Responsibility r : stay.responsibilities) {
      if (r.since != Long.MIN_VALUE) {
        points.add(r.since);
      }
    }
    List<Planned> planned = new ArrayList<>();
    String unit = null;
    String responsible = null;
    for (long t : points) {
      if (discharge != null && t >= discharge) {
        break;
      }
      Counted here = null;
      for (Counted c : counted) {
        boolean there = c.start() <= t && (c.end() == null || c.end() > t);
        if (there && (here == null || c.start() >= here.start())) {
          here = c; // overlapping periods: the location entered last
        }
      }
      if (here == null) {
        continue; // between locations (or before the first): the patient stays where they were
      }
      String nowResponsible = Objects.requireNonNullElse(stay.responsibleAt(t), here.unit());
      if (unit == null) {
        planned.add(new Planned("ADMISSION", t, here.unit(), null, nowResponsible));
      } else if (!unit.equals(here.unit()) || !responsible.equals(nowResponsible)) {
        planned.add(new Planned("TRANSFER", t, here.unit(), unit, nowResponsible));
      }
      unit = here.unit();
      responsible = nowResponsible;
    }
    if (discharge != null && unit != null) {
      planned.add(new Planned("DISCHARGE", discharge, unit, null, null));
    }
    return planned;
  }

  private String responsibleOf(EncounterVersion v) {
    String byType = map.responsible(v.serviceType());
    return byType != null ? byType : map.responsible(v.serviceProvider());
  }

  private String unitOf(String location) throws Rejected {
    String unit = map.unit(location);
    if (unit == null) {
      throw new Rejected(
          "Location '"
              + location
              + "' is not in the location map (feeds.fhir.location-map): add it as location."
              + location
              + "=<unit code>");
    }
    return unit;
  }

  private Envelope envelope(String eventId, long time, String hospital, String unit) {
    return Envelope.newBuilder()
        .setEventId(eventId)
        .setEventTime(Instant.ofEpochMilli(time))
        .setSourceSystem("fhir")
        .setRegionCode(map.region())
        .setHospitalCode(hospital)
        .setUnitCode(unit)
        .setSequence(null)
        .build();
  }
}
