package se.sakervard.feeds.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.primitive.CommonTS;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import se.sakervard.feeds.ParserReasons;

/**
 * Reads an ADT message (ER7, "pipe" encoding) with HAPI's parser and picks the fields of an {@link
 * AdtMessage}. Fails with a reason a person can act on; never with the message's content, which
 * holds a personal identity number.
 */
public final class AdtParser implements java.io.Serializable {
  private final ZoneId zone;
  private transient PipeParser parser;

  /**
   * @param zone the time zone of timestamps sent without an offset
   */
  public AdtParser(ZoneId zone) {
    this.zone = zone;
  }

  public static final class UnreadableMessageException extends Exception {
    UnreadableMessageException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  public AdtMessage parse(String er7) throws UnreadableMessageException {
    if (er7 == null || !er7.startsWith("MSH")) {
      throw new UnreadableMessageException(
          "not an HL7 v2 message: it does not start with MSH", null);
    }
    Message message;
    try {
      message = parser().parse(er7);
    } catch (HL7Exception e) {
      throw new UnreadableMessageException(parseError(e), e);
    }
    return read(message);
  }

  /** Why HAPI could not parse a message, without the message's text. */
  static String parseError(Exception e) {
    if (e instanceof ca.uhn.hl7v2.parser.EncodingNotSupportedException) {
      return "not an HL7 v2 message: it does not start with an MSH segment in ER7 (pipe) encoding";
    }
    return "HL7 parse error: " + ParserReasons.withoutContent(e.getMessage());
  }

  /** The fields of a message HAPI has parsed already (the listener's). */
  public AdtMessage read(Message message) throws UnreadableMessageException {
    try {
      Terser t = new Terser(message);
      String type = t.get("/MSH-9-1");
      if (!"ADT".equals(type)) {
        throw new UnreadableMessageException("message type " + type + " is not ADT", null);
      }
      requireOrder(message);
      String trigger = first(t.get("/MSH-9-2"), t.get("/.EVN-1"));
      String controlId = t.get("/MSH-10");
      if (controlId == null || controlId.isBlank()) {
        throw new UnreadableMessageException("MSH-10 (message control id) is empty", null);
      }
      String time = first(t.get("/.EVN-6-1"), t.get("/.EVN-2-1"), t.get("/MSH-7-1"));
      if (time == null) {
        throw new UnreadableMessageException("no event time in EVN-6, EVN-2 or MSH-7", null);
      }
      String sequence = t.get("/MSH-13");
      return new AdtMessage(
          first(t.get("/MSH-4-1"), "unknown-sender"),
          controlId,
          t.get("/MSH-12-1"),
          trigger,
          instant(time),
          sequence == null || sequence.isBlank() ? null : Long.valueOf(sequence.strip()),
          t.get("/.PV1-19-1"),
          t.get("/.PID-3-1"),
          t.get("/.PV1-3-1"),
          t.get("/.PV1-6-1"),
          t.get("/.PV1-10-1"));
    } catch (HL7Exception | NumberFormatException e) {
      throw new UnreadableMessageException(
          "HL7 field error: " + ParserReasons.withoutContent(e.getMessage()), e);
    }
  }

  /**
   * Fails when a segment the mapping reads is out of its place in the message structure. HAPI keeps
   * such a segment under another name (PID2 after a PV1 that came first) and the field would read
   * as empty: a patient or a time silently lost.
   */
  private static void requireOrder(Message message) throws UnreadableMessageException {
    java.util.Set<String> misplaced =
        message instanceof ca.uhn.hl7v2.model.AbstractGroup g
            ? g.getNonStandardNames()
            : java.util.Set.of();
    for (String segment : READ) {
      if (misplaced.contains(segment + "2")) {
        throw new UnreadableMessageException(
            "segment "
                + segment
                + " is out of order: "
                + message.getName()
                + " (HL7 "
                + message.getVersion()
                + ") has MSH, EVN, PID, then PV1",
            null);
      }
    }
  }

  private static final java.util.List<String> READ = java.util.List.of("EVN", "PID", "PV1");

  private long instant(String hl7Time) throws HL7Exception {
    CommonTS ts = new CommonTS(hl7Time);
    int offset = ts.getGMTOffset(); // -99 when the sender gave none
    if (offset == -99) {
      ZonedDateTime local =
          ZonedDateTime.of(
              ts.getYear(),
              Math.max(ts.getMonth(), 1),
              Math.max(ts.getDay(), 1),
              ts.getHour(),
              ts.getMinute(),
              ts.getSecond(),
              0,
              zone);
      return local.toInstant().toEpochMilli() + Math.round(ts.getFractSecond() * 1000);
    }
    return ts.getValueAsCalendar().getTimeInMillis();
  }

  private PipeParser parser() {
    if (parser == null) {
      HapiContext context = Hl7Messages.context();
      parser = context.getPipeParser();
    }
    return parser;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
