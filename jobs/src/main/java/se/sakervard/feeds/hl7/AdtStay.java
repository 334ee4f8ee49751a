package se.sakervard.feeds.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * What the mapping remembers of one visit: where the patient lies now and the census events it has
 * sent, so that a cancellation (A11, A12, A13) takes back the very event it cancels. Public fields
 * for Flink's state serializer.
 */
public final class AdtStay {
  /** One census event sent for the visit. */
  public static final class Sent {
    public String eventId;
    public String kind; // ADMISSION, TRANSFER, DISCHARGE
    public long time;
    public String unit;
    public String responsible;
    public boolean retracted;

    public Sent() {}

    Sent(String eventId, String kind, long time, String unit, String responsible) {
      this.eventId = eventId;
      this.kind = kind;
      this.time = time;
      this.unit = unit;
      this.responsible = responsible;
    }
  }

  public List<Sent> sent = new ArrayList<>();
  public List<String> controlIds = new ArrayList<>();
  public long newestTime = Long.MIN_VALUE;

  /** The newest event not taken back of {@code kind}, or null. */
  Sent last(String kind) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      Sent s = sent.get(i);
      if (!s.retracted && s.kind.equals(kind)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Where the patient lies at {@code time} after the events not taken back, by event time (a
   * message sent late is placed among the others by its time), or null when not admitted then.
   */
  Sent at(long time) {
    Sent newest = null;
    for (Sent s : sent) {
      if (!s.retracted && s.time <= time && (newest == null || s.time >= newest.time)) {
        newest = s;
      }
    }
    return newest == null || newest.kind.equals("DISCHARGE") ? null : newest;
  }
}
