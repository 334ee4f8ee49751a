package se.sakervard.core.reference;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The unit reference data an operator places by: the periods read when the job started, and the
 * updates since, kept as broadcast state ({@link #STATE}). An update replaces what the start had
 * for its unit.
 */
public final class UnitDirectory implements Serializable {
  /** Unit code → its periods, for the units updated since the start. */
  public static final MapStateDescriptor<String, UnitPeriods> STATE =
      new MapStateDescriptor<>(
          "unit-reference", Types.STRING, TypeInformation.of(UnitPeriods.class));

  private final Map<String, UnitPeriods> atStart;

  public UnitDirectory(Map<String, UnitPeriods> atStart) {
    this.atStart = new HashMap<>(atStart);
  }

  /** A directory of these records (in publication order), as if read at the start. */
  public static UnitDirectory of(Iterable<UnitRecord> records) {
    Map<String, UnitPeriods> units = new HashMap<>();
    for (UnitRecord r : records) {
      units.put(r.unitCode(), units.getOrDefault(r.unitCode(), new UnitPeriods()).with(r));
    }
    units.values().removeIf(UnitPeriods::isEmpty);
    return new UnitDirectory(units);
  }

  /** The unit's periods, or null when the reference data has never had it. */
  public UnitPeriods periodsOf(ReadOnlyBroadcastState<String, UnitPeriods> updates, String unit)
      throws Exception {
    if (updates.contains(unit)) {
      UnitPeriods updated = updates.get(unit);
      return updated.isEmpty() ? null : updated;
    }
    return atStart.get(unit);
  }

  /** Publishes {@code record} into the {@code updates}; returns the unit's periods now. */
  public UnitPeriods publish(BroadcastState<String, UnitPeriods> updates, UnitRecord record)
      throws Exception {
    UnitPeriods periods = periodsOf(updates, record.unitCode());
    UnitPeriods updated = (periods == null ? new UnitPeriods() : periods).with(record);
    updates.put(record.unitCode(), updated); // empty: withdrawn since the start
    return updated;
  }
}
