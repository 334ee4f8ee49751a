package se.sakervard.feeds.fhir;

import java.util.ArrayList;
import java.util.List;

/**
 * What the mapping remembers of one Encounter: the census events it has sent (and which of them it
 * took back), the responsible unit as each version gave it, and the newest version taken. Public
 * fields for Flink's state serializer.
 */
public final class EncounterStay {
  /** One census event sent for the Encounter. */
  public static final class Sent {
    public String eventId;
    public long time;
    public String unit;
    public boolean retracted;

    public Sent() {}

    Sent(String eventId, long time, String unit) {
      this.eventId = eventId;
      this.time = time;
      this.unit = unit;
    }
  }

  /** From {@code since} on, {@code unit} was responsible for the patient. */
  public static final class Responsibility {
    public long since;
    public String unit; // null: none given, the unit where the patient lies is responsible

    public Responsibility() {}

    Responsibility(long since, String unit) {
      this.since = since;
      this.unit = unit;
    }
  }

  public List<Sent> sent = new ArrayList<>();
  public List<Responsibility> responsibilities = new ArrayList<>();
  public long newestVersion = Long.MIN_VALUE;
  public long newestTime = Long.MIN_VALUE;

  /** The unit responsible at {@code time} (the first one known before any change), or null. */
  String responsibleAt(long time) {
    String unit = responsibilities.isEmpty() ? null : responsibilities.get(0).unit;
    for (Responsibility r : responsibilities) {
      if (r.since <= time) {
        unit = r.unit;
      }
    }
    return unit;
  }

  /** Whether an event with this id is sent and not taken back. */
  Sent live(String eventId) {
    for (Sent s : sent) {
      if (!s.retracted && s.eventId.equals(eventId)) {
        return s;
      }
    }
    return null;
  }

  /** Whether an event with this id was ever sent (its id cannot be used again). */
  boolean used(String eventId) {
    for (Sent s : sent) {
      if (s.eventId.equals(eventId)) {
        return true;
      }
    }
    return false;
  }
}
