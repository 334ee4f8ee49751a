package se.sakervard.feeds.hl7;

import java.time.Instant;
import java.util.List;
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
 * HL7 v2 ADT → census events (docs/hospital-feeds.md), one visit at a time, in the order the sender
 * sent them. Pure: the visit's memory is an {@link AdtStay} the caller keeps.
 *
 * <table>
 *   <tr><td>A01 admit, A06 outpatient to inpatient</td><td>Admission on PV1-3</td></tr>
 *   <tr><td>A02 transfer</td><td>Transfer to PV1-3</td></tr>
 *   <tr><td>A03 discharge, A07 inpatient to outpatient</td><td>Discharge from where the patient lies</td></tr>
 *   <tr><td>A08 update</td><td>a Transfer when the location or responsible unit changed, else nothing</td></tr>
 *   <tr><td>A11, A12, A13 cancel admit, transfer, discharge</td><td>Retraction of the newest such event</td></tr>
 *   <tr><td>A04 register (outpatient), others of the census's no concern</td><td>nothing</td></tr>
 * </table>
 *
 * Identifiers leave as keyed hashes: the stay reference from PV1-19, the patient reference from
 * PID-3; the event id is the sender and its MSH-10, so a message sent again is the same event.
 */
public final class AdtMapping implements VisitMapping<AdtMessage, AdtStay> {
  /** Triggers that change nothing in the census: taken and acknowledged, but not mapped. */
  static final List<String> IGNORED = List.of("A04", "A05", "A14", "A28", "A31", "A38");

  /** Triggers the mapping turns into census events. */
  static final List<String> MAPPED =
      List.of("A01", "A02", "A03", "A06", "A07", "A08", "A11", "A12", "A13");

  private final LocationMap map;
  private final Pseudonyms pseudonyms;

  public AdtMapping(LocationMap map, Pseudonyms pseudonyms) {
    this.map = map;
    this.pseudonyms = pseudonyms;
  }

  /** Whether the mapping takes {@code trigger} at all (mapped or deliberately ignored). */
  public static boolean takes(String trigger) {
    return MAPPED.contains(trigger) || IGNORED.contains(trigger);
  }

  /** The stay reference of a message: the keyed hash of its visit number. */
  public String stayRef(AdtMessage m) throws Rejected {
    if (m.visitNumber() == null) {
      throw new Rejected("PV1-19 (visit number) is empty: the stay cannot be followed");
    }
    return pseudonyms.of("visit", m.visitNumber());
  }

  /** Checks what can be checked of a message alone: what the listener NACKs. */
  public void check(AdtMessage m) throws Rejected {
    if (!takes(m.trigger())) {
      throw new Rejected("trigger event " + m.trigger() + " is not an ADT event this feed takes");
    }
    if (IGNORED.contains(m.trigger())) {
      return;
    }
    stayRef(m);
    if (!m.trigger().startsWith("A1") && !m.trigger().equals("A03") && !m.trigger().equals("A07")) {
      unitOf(m.location(), "PV1-3");
    }
  }

  @Override
  public AdtStay newVisit() {
    return new AdtStay();
  }

  @Override
  public long newestTime(AdtStay visit) {
    return visit.newestTime;
  }

  /**
   * The census events of {@code m} for the visit {@code stay} (which it updates); none for an
   * ignored trigger or a repeat of a message already mapped.
   */
  @Override
  public List<CensusEvent> map(AdtMessage m, AdtStay stay) throws Rejected {
    check(m);
    if (IGNORED.contains(m.trigger())) {
      return List.of();
    }
    if (stay.controlIds.contains(m.controlId())) {
      return List.of(); // the same message again: the census drops its id anyway
    }
    String stayRef = stayRef(m);
    String patientRef =
        m.patientId() == null ? "p-unknown" : pseudonyms.of("patient", m.patientId());
    String eventId = eventId(m);
    AdtStay.Sent now = stay.at(m.eventTime());
    List<CensusEvent> events =
        switch (m.trigger()) {
          case "A01", "A06" -> {
            String unit = unitOf(m.location(), "PV1-3");
            String responsible = responsibleOf(m, unit);
            stay.sent.add(new AdtStay.Sent(eventId, "ADMISSION", m.eventTime(), unit, responsible));
            yield List.of(event(eventId, m, unit, new Admission(stayRef, patientRef, responsible)));
          }
          case "A02", "A08" -> {
            String unit = unitOf(m.location(), "PV1-3");
            String responsible = responsibleOf(m, unit);
            if (m.trigger().equals("A08")
                && (now == null
                    || (unit.equals(now.unit) && responsible.equals(now.responsible)))) {
              yield List.of(); // no move and no change of responsibility, or not admitted
            }
            String from = now != null ? now.unit : unitOf(m.priorLocation(), "PV1-6");
            stay.sent.add(new AdtStay.Sent(eventId, "TRANSFER", m.eventTime(), unit, responsible));
            yield List.of(
                event(eventId, m, unit, new Transfer(stayRef, patientRef, from, responsible)));
          }
          case "A03", "A07" -> {
            String unit = now != null ? now.unit : unitOf(m.location(), "PV1-3");
            stay.sent.add(new AdtStay.Sent(eventId, "DISCHARGE", m.eventTime(), unit, null));
            yield List.of(event(eventId, m, unit, new Discharge(stayRef, patientRef)));
          }
          case "A11", "A12", "A13" -> {
            String kind =
                switch (m.trigger()) {
                  case "A11" -> "ADMISSION";
                  case "A12" -> "TRANSFER";
                  default -> "DISCHARGE";
                };
            AdtStay.Sent cancelled = stay.last(kind);
            if (cancelled == null) {
              throw new Rejected(
                  m.trigger() + " cancels a " + kind.toLowerCase() + " this visit has not had");
            }
            cancelled.retracted = true;
            yield List.of(
                new CensusEvent(
                    envelope(eventId, cancelled.time, m, cancelled.unit),
                    new Retraction(stayRef, cancelled.eventId)));
          }
          default -> throw new Rejected("trigger event " + m.trigger() + " is not mapped");
        };
    stay.controlIds.add(m.controlId());
    stay.newestTime = Math.max(stay.newestTime, m.eventTime());
    return events;
  }

  /**
   * The census event id of a message: its sender and MSH-10, so a message sent again is the same.
   */
  static String eventId(AdtMessage m) {
    return "hl7:" + m.sendingFacility() + ":" + m.controlId();
  }

  private String unitOf(String location, String field) throws Rejected {
    if (location == null) {
      throw new Rejected(field + " (patient location) is empty");
    }
    String unit = map.unit(location);
    if (unit == null) {
      throw new Rejected(
          field
              + " location '"
              + location
              + "' is not in the location map (feeds.hl7.location-map): add it as location."
              + location
              + "=<unit code>");
    }
    return unit;
  }

  private String responsibleOf(AdtMessage m, String unit) {
    String responsible = map.responsible(m.hospitalService());
    return responsible != null ? responsible : unit;
  }

  private CensusEvent event(String eventId, AdtMessage m, String unit, Object change) {
    return new CensusEvent(envelope(eventId, m.eventTime(), m, unit), change);
  }

  private Envelope envelope(String eventId, long time, AdtMessage m, String unit) {
    return Envelope.newBuilder()
        .setEventId(eventId)
        .setEventTime(Instant.ofEpochMilli(time))
        .setSourceSystem("hl7:" + m.sendingFacility())
        .setRegionCode(map.region())
        .setHospitalCode(m.sendingFacility())
        .setUnitCode(unit)
        .setSequence(m.sequence())
        .build();
  }
}
