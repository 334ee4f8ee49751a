package se.sakervard.deviations;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The open deviation backlog of one place, and how much of it is older than 30, 60 and 90 days.
 *
 * <p>Keyed by level and place ({@link BacklogDelta#key()}); event time. Emits the figures on every
 * case update, as of the newest event time seen; and, without any new event, when an open case
 * turns 30, 60 or 90 days old (an event-time timer at that instant), so the backlog ages on its
 * own. A late close takes the case out at once.
 *
 * <p>The counts are kept running: when the as-of instant moves on, only the open cases that cross
 * an age in between are counted (a range of the open cases by report time), so an update costs the
 * cases it changes, not the whole backlog. The report times are kept per UTC day, one state entry
 * each, so that on RocksDB an update reads and writes the days it touches, not the place's whole
 * backlog as one value.
 */
public final class OpenBacklog extends KeyedProcessFunction<String, BacklogDelta, BacklogFigures> {
  static final long[] AGES_MS = {
    Duration.ofDays(30).toMillis(), Duration.ofDays(60).toMillis(), Duration.ofDays(90).toMillis()
  };

  /** An open case: when it was reported, and whether it is a serious care injury. */
  public record OpenCase(long since, boolean serious) {}

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private transient MapState<String, OpenCase> openCases;

  /** The open cases' report times by UTC day: the day's times and how many cases have each. */
  private transient MapState<Long, ValueCounts> openSinceByDay;

  /** The report times as one value, as earlier versions kept them: moved to the days when read. */
  private transient ValueState<ValueCounts> openSince;

  private transient ValueState<BacklogFigures> last;

  @Override
  public void open(OpenContext openContext) {
    openCases =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "open-cases", Types.STRING, TypeInformation.of(OpenCase.class)));
    openSinceByDay =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "open-since-by-day", Types.LONG, TypeInformation.of(ValueCounts.class)));
    openSince =
        getRuntimeContext().getState(new ValueStateDescriptor<>("open-since", ValueCounts.class));
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", BacklogFigures.class));
  }

  @Override
  public void processElement(BacklogDelta delta, Context ctx, Collector<BacklogFigures> out)
      throws Exception {
    BacklogFigures previous = last.value();
    long asOf = previous == null ? delta.at() : Math.max(previous.asOf(), delta.at());
    moveToDays();
    Counts counts = Counts.of(previous).agedTo(asOf, previous, this::openReportedIn);
    OpenCase before = openCases.get(delta.caseRef());
    if (before != null) {
      counts.add(before, asOf, -1);
      addReported(before.since(), -1);
      openCases.remove(delta.caseRef());
    }
    if (delta.openSince() != null) {
      OpenCase now = new OpenCase(delta.openSince(), delta.serious());
      counts.add(now, asOf, 1);
      addReported(now.since(), 1);
      openCases.put(delta.caseRef(), now);
      for (long age : AGES_MS) {
        long turns = now.since() + age + 1;
        if (turns > ctx.timerService().currentWatermark()) {
          ctx.timerService().registerEventTimeTimer(turns);
        }
      }
    }
    emit(delta, previous, asOf, counts, out);
  }

  /** Counts {@code count} more (or fewer) open cases reported at {@code since}. */
  private void addReported(long since, int count) throws Exception {
    long day = Math.floorDiv(since, DAY_MS);
    ValueCounts times = openSinceByDay.get(day);
    if (times == null) {
      times = new ValueCounts();
    }
    times.add(since, count);
    if (times.size == 0) {
      openSinceByDay.remove(day);
    } else {
      openSinceByDay.put(day, times);
    }
  }

  /** How many open cases were reported in [from, toExclusive): the days of the range, each read. */
  private long openReportedIn(long from, long toExclusive) throws Exception {
    long n = 0;
    if (from < toExclusive) {
      long lastDay = Math.floorDiv(toExclusive - 1, DAY_MS);
      for (long day = Math.floorDiv(from, DAY_MS); day <= lastDay; day++) {
        ValueCounts times = openSinceByDay.get(day);
        if (times != null) {
          n += times.countIn(from, toExclusive);
        }
      }
    }
    return n;
  }

  /** A place restored from an earlier version's state: its report times go to the days once. */
  private void moveToDays() throws Exception {
    ValueCounts old = openSince.value();
    if (old != null) {
      for (var e : old.counts.entrySet()) {
        addReported(e.getKey(), e.getValue());
      }
      openSince.clear();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BacklogFigures> out)
      throws Exception {
    BacklogFigures previous = last.value();
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE
        || previous == null
        || timestamp <= previous.asOf()) {
      // End of a bounded input (no time passed), or the figures are already past this instant.
      return;
    }
    moveToDays();
    Counts counts = Counts.of(previous).agedTo(timestamp, previous, this::openReportedIn);
    emit(null, previous, timestamp, counts, out);
  }

  private void emit(
      BacklogDelta place,
      BacklogFigures previous,
      long asOf,
      Counts counts,
      Collector<BacklogFigures> out)
      throws Exception {
    BacklogFigures figures =
        new BacklogFigures(
            place != null ? place.level() : previous.level(),
            place != null ? place.regionCode() : previous.regionCode(),
            place != null ? place.hospitalCode() : previous.hospitalCode(),
            place != null ? place.unitCode() : previous.unitCode(),
            asOf,
            counts.open,
            counts.over[0],
            counts.over[1],
            counts.over[2],
            counts.serious,
            previous == null ? 1 : previous.version() + 1);
    last.update(figures);
    out.collect(figures);
  }

  /** How many open cases were reported in [from, toExclusive). */
  @FunctionalInterface
  private interface ReportedIn {
    long count(long from, long toExclusive) throws Exception;
  }

  /** The running counts of a place's backlog at an instant. */
  private static final class Counts {
    long open;
    long serious;
    final long[] over = new long[AGES_MS.length];

    static Counts of(BacklogFigures f) {
      Counts c = new Counts();
      if (f != null) {
        c.open = f.open();
        c.serious = f.openSeriousCareInjuries();
        c.over[0] = f.openOver30Days();
        c.over[1] = f.openOver60Days();
        c.over[2] = f.openOver90Days();
      }
      return c;
    }

    /** Moves the counts from the previous figures' instant on to {@code asOf}. */
    Counts agedTo(long asOf, BacklogFigures previous, ReportedIn reported) throws Exception {
      if (previous != null) {
        for (int i = 0; i < AGES_MS.length; i++) {
          // Open for more than the age at asOf: reported before asOf - age.
          over[i] += reported.count(previous.asOf() - AGES_MS[i], asOf - AGES_MS[i]);
        }
      }
      return this;
    }

    void add(OpenCase c, long asOf, int sign) {
      open += sign;
      serious += c.serious() ? sign : 0;
      for (int i = 0; i < AGES_MS.length; i++) {
        if (asOf - c.since() > AGES_MS[i]) {
          over[i] += sign;
        }
      }
    }
  }
}
