package se.sakervard.alerting.level;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.sakervard.alerting.Place;
import se.sakervard.core.time.EventTimeQueue;
import se.sakervard.schemas.pipeline.Level;

/**
 * A hospital's here-and-now level as the worse of its own figures' level and the level its units
 * suggest ({@link HospitalUnitsLevel}), with how many of its units are at each level. Keyed by
 * {@link #hospitalKey}; takes the hospital's own rows and its units' rows from {@link
 * HereAndNowLevels} and emits the hospital's rows only, one whenever its level, reasons or unit
 * counts change.
 *
 * <p>Rows wait for event time to pass them and are taken in event-time order, all of one instant
 * together, as in {@link HereAndNowLevels}: the units' rows come from other subtasks, and taken as
 * they arrived the hospital's level would depend on reading speed. Each unit counts with its newest
 * row (by as-of, then version).
 */
public final class HospitalLevels extends KeyedProcessFunction<String, LevelRow, LevelRow> {
  private final HospitalUnitsLevel rule;
  private transient EventTimeQueue<LevelRow> waiting;
  private transient MapState<String, LevelRow> units;
  private transient ValueState<LevelRow> own;
  private transient ValueState<LevelRow> last;

  public HospitalLevels(HospitalUnitsLevel rule) {
    this.rule = rule;
  }

  /** The hospital a row's place belongs to. */
  public static String hospitalKey(LevelRow row) {
    return row.place().regionCode() + "|" + row.place().hospitalCode();
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    TypeInformation<LevelRow> row = TypeInformation.of(LevelRow.class);
    waiting = new EventTimeQueue<>(context, row);
    units = context.getMapState(new MapStateDescriptor<>("units", Types.STRING, row));
    own = context.getState(new ValueStateDescriptor<>("own", row));
    last = context.getState(new ValueStateDescriptor<>("last", row));
  }

  @Override
  public void processElement(LevelRow r, Context ctx, Collector<LevelRow> out) throws Exception {
    waiting.add(r.asOf(), r, ctx.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LevelRow> out)
      throws Exception {
    List<LevelRow> rows = waiting.take(timestamp);
    if (rows == null) {
      return;
    }
    for (LevelRow r : rows) {
      if (r.place().level() == Level.UNIT) {
        LevelRow known = units.get(r.place().unitCode());
        if (newer(r, known)) {
          units.put(r.place().unitCode(), r);
        }
      } else if (newer(r, own.value())) {
        own.update(r);
      }
    }
    LevelRow previous = last.value();
    LevelRow now = combine(own.value(), units.values(), timestamp, rule);
    if (previous == null
        || now.level() != previous.level()
        || !now.reasons().equals(previous.reasons())
        || !now.notJudged().equals(previous.notJudged())
        || !now.unitsAtLevel().equals(previous.unitsAtLevel())) {
      long version = previous == null ? 1 : previous.version() + 1;
      LevelRow row =
          new LevelRow(
              now.place(),
              Math.max(timestamp, previous == null ? timestamp : previous.asOf()),
              now.level(),
              now.reasons(),
              now.notJudged(),
              version,
              now.unitsAtLevel());
      last.update(row);
      out.collect(row);
    }
  }

  private static boolean newer(LevelRow r, LevelRow known) {
    return known == null
        || r.asOf() > known.asOf()
        || (r.asOf() == known.asOf() && r.version() > known.version());
  }

  /**
   * The hospital's level from its own row (null before its figures are known: level 1, nothing
   * judged) and its units' newest rows; version 0 (the operator numbers its rows).
   */
  static LevelRow combine(
      LevelRow own, Iterable<LevelRow> unitRows, long asOf, HospitalUnitsLevel rule) {
    int[] counts = new int[4];
    List<String> critical = new ArrayList<>();
    Place place = own == null ? null : own.place();
    for (LevelRow u : unitRows) {
      counts[u.level() - 1]++;
      if (u.level() == HereAndNow.CRITICAL) {
        critical.add(u.place().unitCode());
      }
      if (place == null) {
        place = Place.hospital(u.place().regionCode(), u.place().hospitalCode());
      }
    }
    critical.sort(null);
    HospitalUnitsLevel.Suggested suggested = rule.of(counts, critical);
    int ownLevel = own == null ? HereAndNow.NORMAL : own.level();
    List<String> reasons = new ArrayList<>(own == null ? List.of() : own.reasons());
    if (suggested.level() > HereAndNow.NORMAL) {
      // Worst first: the units' reason before the hospital's own when it sets the level.
      reasons.add(suggested.level() >= ownLevel ? 0 : reasons.size(), suggested.explain());
    }
    return new LevelRow(
        place,
        asOf,
        Math.max(ownLevel, suggested.level()),
        List.copyOf(reasons),
        own == null ? List.of() : own.notJudged(),
        0,
        List.of(counts[0], counts[1], counts[2], counts[3]));
  }
}
