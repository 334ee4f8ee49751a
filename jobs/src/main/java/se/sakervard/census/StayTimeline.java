package se.sakervard.census;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import se.sakervard.core.state.CollectionTypeInfo;

/**
 * One stay's placements over event time, turned into per-unit changes that stay exact whatever
 * order the stay's events arrive in.
 *
 * <p>Inserting a placement {@code n} at t between the placement {@code p} before it and the next
 * event at t2 changes the interval [t, t2) from p to n: the units get {@code −p +n} at t and the
 * undo {@code +p −n} at t2. Appending at the end is the special case without t2. A discharge is the
 * placement "nowhere" (null).
 */
public final class StayTimeline {
  /**
   * Orders a stay's events: by event time; events of one instant by the source's sequence (0 when
   * it sends none), then by kind (admission before transfer before discharge), and only then by
   * event id, so ties resolve the same way in any arrival order and whatever the ids look like.
   */
  public record Key(long time, long sequence, int kindRank, String eventId)
      implements Comparable<Key> {
    private static final Comparator<Key> ORDER =
        Comparator.comparingLong(Key::time)
            .thenComparingLong(Key::sequence)
            .thenComparingInt(Key::kindRank)
            .thenComparing(Key::eventId);

    /** Sorts before every event at {@code time}. */
    static Key first(long time) {
      return new Key(time, Long.MIN_VALUE, Integer.MIN_VALUE, "");
    }

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  /** A placement from an instant on; {@code placement} is null after a discharge. */
  public record Entry(Placement placement) {}

  @TypeInfo(CollectionTypeInfo.TreeMapOf.class)
  public TreeMap<Key, Entry> entries = new TreeMap<>();

  /**
   * Ids of the events taken back, kept as long as the stay: such an event arriving later is void.
   */
  @TypeInfo(CollectionTypeInfo.HashSetOf.class)
  public HashSet<String> retracted = new HashSet<>();

  /**
   * Records that the stay is at {@code placement} (null: discharged) from {@code key.time()} on.
   */
  public List<UnitChange> place(Key key, Placement placement) {
    if (entries.containsKey(key) || retracted.contains(key.eventId())) {
      return List.of();
    }
    Map.Entry<Key, Entry> before = entries.lowerEntry(key);
    Map.Entry<Key, Entry> after = entries.higherEntry(key);
    entries.put(key, new Entry(placement));
    Placement previous = before == null ? null : before.getValue().placement();
    List<UnitChange> changes = new ArrayList<>(4);
    move(changes, key.time(), previous, placement);
    if (after != null) {
      move(changes, after.getKey().time(), placement, previous);
    }
    return changes;
  }

  /**
   * Takes back the event {@code eventId} as if it had never come: the interval it started goes back
   * to the placement before it. Inverse of {@link #place}. An event not seen yet is void when it
   * comes.
   */
  public List<UnitChange> retract(String eventId) {
    if (!retracted.add(eventId)) {
      return List.of();
    }
    Key key = null;
    for (Key k : entries.keySet()) {
      if (k.eventId().equals(eventId)) {
        key = k;
        break;
      }
    }
    if (key == null) {
      return List.of();
    }
    Placement removed = entries.remove(key).placement();
    Map.Entry<Key, Entry> before = entries.lowerEntry(key);
    Map.Entry<Key, Entry> after = entries.higherEntry(key);
    Placement previous = before == null ? null : before.getValue().placement();
    List<UnitChange> changes = new ArrayList<>(4);
    move(changes, key.time(), removed, previous);
    if (after != null) {
      move(changes, after.getKey().time(), previous, removed);
    }
    return changes;
  }

  /**
   * Forgets entries before {@code t} except the last of them, which still says where the stay is at
   * t. Returns true when nothing is left to remember: the stay ended before t.
   */
  public boolean forgetBefore(long t) {
    NavigableMap<Key, Entry> old = entries.headMap(Key.first(t), false);
    if (old.isEmpty()) {
      return false;
    }
    Key last = old.lastKey();
    old.headMap(last, false).clear();
    if (entries.size() == 1 && entries.get(last).placement() == null) {
      entries.clear();
      retracted.clear();
      return true;
    }
    return false;
  }

  private static void move(List<UnitChange> changes, long time, Placement from, Placement to) {
    if (from != null && from.equals(to)) {
      return;
    }
    if (from != null) {
      changes.add(UnitChange.occupancy(from, time, -1));
    }
    if (to != null) {
      changes.add(UnitChange.occupancy(to, time, +1));
    }
  }
}
