package se.sakervard.core.reference;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every validity period of one unit, in order of {@code validFrom}. A period published again (same
 * unit and {@code validFrom}) replaces the one before; a withdrawn one is removed. Pure; the
 * operators keep one per unit in broadcast state.
 */
public final class UnitPeriods implements Serializable {
  /** Public for Flink's state serializer. */
  public List<UnitRecord> periods = new ArrayList<>();

  /** The period the unit is in at {@code time}, or null when it is in none (not yet, or closed). */
  public UnitRecord at(long time) {
    UnitRecord found = null;
    for (UnitRecord p : periods) {
      if (p.covers(time)) {
        found = p; // overlapping periods: the one that started last
      }
    }
    return found;
  }

  /** These periods with {@code record} published: added, replacing, or withdrawing. */
  public UnitPeriods with(UnitRecord record) {
    UnitPeriods next = new UnitPeriods();
    for (UnitRecord p : periods) {
      if (p.validFrom() != record.validFrom()) {
        next.periods.add(p);
      }
    }
    if (!record.withdrawn()) {
      next.periods.add(record);
    }
    next.periods.sort(Comparator.comparingLong(UnitRecord::validFrom));
    return next;
  }

  public boolean isEmpty() {
    return periods.isEmpty();
  }
}
