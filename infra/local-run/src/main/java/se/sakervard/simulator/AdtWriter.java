package se.sakervard.simulator;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.AbstractMessage;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A02;
import ca.uhn.hl7v2.model.v251.message.ADT_A03;
import ca.uhn.hl7v2.model.v251.message.ADT_A09;
import ca.uhn.hl7v2.model.v251.message.ADT_A12;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import se.sakervard.feeds.hl7.Hl7Messages;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;

/**
 * The simulator's stay events as a hospital's integration engine sends them: HL7 v2.5.1 ADT
 * messages built with HAPI's model and encoded by HAPI's parser (docs/hospital-feeds.md). A unit's
 * code is its point of care (PV1-3.1, PV1-6.1), the responsible unit's {@link #serviceOf service}
 * code the hospital service (PV1-10), the stay reference the visit number (PV1-19), the patient
 * reference the patient id (PID-3), the event id the message control id (MSH-10): a duplicate event
 * is the same message again.
 *
 * <ul>
 *   <li>Admission → A01; Transfer → A02, or A08 when only the responsible unit changes; Discharge →
 *       A03.
 *   <li>Retraction → A11, A12 or A13 by what it takes back (remembered for the newest events).
 * </ul>
 */
public final class AdtWriter {
  private static final DateTimeFormatter HL7_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ").withZone(ZoneId.of("Europe/Stockholm"));
  private static final int REMEMBERED = 200_000;

  private final HapiContext hapi = Hl7Messages.context();

  /** What each recent event was (its trigger, unit and prior unit), for a cancellation. */
  private final Map<String, String[]> sent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** The hospital service code of a responsible unit. */
  public static String serviceOf(String unitCode) {
    return "S-" + unitCode;
  }

  /** The ADT message (ER7) of a stay event. */
  public String write(CensusEvent event) {
    try {
      return write(event, event.getEnvelope().getEventId());
    } catch (HL7Exception | IOException e) {
      throw new IllegalStateException("cannot build the ADT message of an event", e);
    }
  }

  private String write(CensusEvent event, String controlId) throws HL7Exception, IOException {
    var envelope = event.getEnvelope();
    String unit = envelope.getUnitCode();
    Object change = event.getChange();
    String trigger;
    String prior = "";
    String service = "";
    String stay;
    String patient;
    String cancelledUnit = null;
    if (change instanceof Admission a) {
      trigger = "A01";
      service = serviceOf(a.getResponsibleUnitCode());
      stay = a.getStayRef();
      patient = a.getPatientRef();
    } else if (change instanceof Transfer t) {
      trigger = t.getFromUnitCode().equals(unit) ? "A08" : "A02";
      prior = t.getFromUnitCode();
      service = serviceOf(t.getResponsibleUnitCode());
      stay = t.getStayRef();
      patient = t.getPatientRef();
    } else if (change instanceof Discharge d) {
      trigger = "A03";
      stay = d.getStayRef();
      patient = d.getPatientRef();
    } else {
      Retraction r = (Retraction) change;
      String[] cancelled = sent.get(r.getRetractedEventId());
      if (cancelled == null) {
        throw new IllegalStateException("a retraction of an event not sent: " + r);
      }
      trigger =
          switch (cancelled[0]) {
            case "A01" -> "A11";
            case "A02", "A08" -> "A12";
            default -> "A13";
          };
      // A12 names where the patient goes back to (the transfer's prior unit) and came from.
      unit = trigger.equals("A12") ? cancelled[2] : cancelled[1];
      prior = trigger.equals("A12") ? cancelled[1] : "";
      cancelledUnit = cancelled[1];
      stay = r.getStayRef();
      patient = "";
    }
    AbstractMessage message =
        switch (trigger) {
          case "A02" -> new ADT_A02();
          case "A03" -> new ADT_A03();
          case "A11" -> new ADT_A09();
          case "A12" -> new ADT_A12();
          default -> new ADT_A01();
        };
    message.setParser(hapi.getPipeParser());
    message.initQuickstart("ADT", trigger, "P");
    Terser t = new Terser(message);
    String time = HL7_TIME.format(Instant.ofEpochMilli(envelope.getEventTime().toEpochMilli()));
    t.set("MSH-3-1", envelope.getSourceSystem());
    t.set("MSH-4-1", envelope.getHospitalCode());
    t.set("MSH-5-1", "SAKERVARD");
    t.set("MSH-6-1", envelope.getRegionCode());
    t.set("MSH-7-1", time);
    t.set("MSH-10", controlId);
    t.set("/.EVN-1", trigger);
    t.set("/.EVN-2-1", time);
    t.set("/.EVN-6-1", time);
    if (!patient.isEmpty()) {
      t.set("/.PID-3-1", patient);
      t.set("/.PID-3-5", "MR");
    }
    t.set("/.PV1-2", "I");
    t.set("/.PV1-3-1", unit);
    if (!prior.isEmpty()) {
      t.set("/.PV1-6-1", prior);
    }
    if (!service.isEmpty()) {
      t.set("/.PV1-10", service);
    }
    t.set("/.PV1-19-1", stay);
    if (cancelledUnit == null) {
      sent.put(envelope.getEventId(), new String[] {trigger, unit, prior});
    }
    return message.encode();
  }
}
