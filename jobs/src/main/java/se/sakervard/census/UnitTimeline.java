package se.sakervard.census;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import se.sakervard.core.state.CollectionTypeInfo;

/**
 * One unit's census as step functions of event time: occupied and outlying patients (sums of signed
 * changes, so the order in which changes arrive does not matter) and available beds (the value set
 * at the latest instant at or before t).
 *
 * <p>The state at an instant includes every change at or before that instant. Changes older than
 * any period that can still be corrected are folded into a base by {@link #compactBefore}.
 */
public final class UnitTimeline {
  /** What changed at one instant. Mutable and public for Flink's state serializer. */
  public static final class Step {
    public int occupiedDelta;
    public int outlyingDelta;

    /** Set when the available beds changed at this instant; null otherwise. */
    public Integer availableBeds;

    /** Ties between two bed changes at one instant go to the larger event id, in any order. */
    public String bedsEventId;

    /** Input records folded into this step; versions of derived figures grow with it. */
    public long records;
  }

  /** Counts at an instant; {@code available} is null while the unit's beds are unknown. */
  public record Counts(int occupied, int outlying, Integer available, long records) {}

  /**
   * Time-weighted means over {@code [from, to)}. Occupied and outlying are averaged over the whole
   * period; available and overcrowded only over the part where the beds are known, and are null
   * when they are unknown throughout.
   */
  public record Means(
      double occupied, double outlying, Double available, Double overcrowded, long records) {}

  @TypeInfo(CollectionTypeInfo.TreeMapOf.class)
  public TreeMap<Long, Step> steps = new TreeMap<>();

  public int baseOccupied;
  public int baseOutlying;
  public Integer baseAvailable;
  public long baseRecords;

  public void addOccupancy(long time, int occupiedDelta, int outlyingDelta) {
    Step step = steps.computeIfAbsent(time, t -> new Step());
    step.occupiedDelta += occupiedDelta;
    step.outlyingDelta += outlyingDelta;
    step.records++;
  }

  public void setAvailableBeds(long time, int availableBeds, String eventId) {
    Step step = steps.computeIfAbsent(time, t -> new Step());
    if (step.bedsEventId == null || eventId.compareTo(step.bedsEventId) > 0) {
      step.availableBeds = availableBeds;
      step.bedsEventId = eventId;
    }
    step.records++;
  }

  /** Whether an event of the unit changed it at {@code t} (not yet compacted away). */
  public boolean changesAt(long t) {
    return steps.containsKey(t);
  }

  public Counts countsAt(long t) {
    int occupied = baseOccupied;
    int outlying = baseOutlying;
    Integer available = baseAvailable;
    long records = baseRecords;
    for (Step step : steps.headMap(t, true).values()) {
      occupied += step.occupiedDelta;
      outlying += step.outlyingDelta;
      available = step.availableBeds != null ? step.availableBeds : available;
      records += step.records;
    }
    return new Counts(occupied, outlying, available, records);
  }

  public Means meansOver(long from, long to) {
    Counts start = countsAt(from);
    int occupied = start.occupied();
    int outlying = start.outlying();
    Integer available = start.available();
    long records = start.records();
    double occupiedMs = 0;
    double outlyingMs = 0;
    double availableMs = 0;
    double overcrowdedMs = 0;
    long knownMs = 0;
    long cursor = from;
    NavigableMap<Long, Step> inside = steps.subMap(from, false, to, false);
    for (Map.Entry<Long, Step> entry : inside.entrySet()) {
      long length = entry.getKey() - cursor;
      occupiedMs += (double) occupied * length;
      outlyingMs += (double) outlying * length;
      if (available != null) {
        knownMs += length;
        availableMs += (double) available * length;
        overcrowdedMs += (double) BedCensusFormulas.overcrowded(occupied, available) * length;
      }
      Step step = entry.getValue();
      occupied += step.occupiedDelta;
      outlying += step.outlyingDelta;
      available = step.availableBeds != null ? step.availableBeds : available;
      records += step.records;
      cursor = entry.getKey();
    }
    long length = to - cursor;
    occupiedMs += (double) occupied * length;
    outlyingMs += (double) outlying * length;
    if (available != null) {
      knownMs += length;
      availableMs += (double) available * length;
      overcrowdedMs += (double) BedCensusFormulas.overcrowded(occupied, available) * length;
    }
    double period = to - from;
    return new Means(
        occupiedMs / period,
        outlyingMs / period,
        knownMs > 0 ? availableMs / period : null,
        knownMs > 0 ? overcrowdedMs / period : null,
        records);
  }

  /** Folds every step strictly before {@code t} into the base; counts at or after t are kept. */
  public void compactBefore(long t) {
    NavigableMap<Long, Step> old = steps.headMap(t, false);
    for (Step step : old.values()) {
      baseOccupied += step.occupiedDelta;
      baseOutlying += step.outlyingDelta;
      baseAvailable = step.availableBeds != null ? step.availableBeds : baseAvailable;
      baseRecords += step.records;
    }
    old.clear();
  }

  public long records() {
    return baseRecords + steps.values().stream().mapToLong(s -> s.records).sum();
  }
}
