package se.sakervard.alerting.level;

import java.time.Duration;
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
import se.sakervard.deviations.DeviationInput;

/**
 * The serious care injuries (allvarlig vårdskada) of one place classified in the last 7 days, a
 * here-and-now level input, counted from the deviation events (keyed by place). Each case counts
 * once, from its first classification as serious; the count drops on its own when a case turns 7
 * days old (an event-time timer), and a late classification counts as of the newest time seen.
 */
public final class RecentSeriousCareInjuries
    extends KeyedProcessFunction<String, RecentSeriousCareInjuries.Classified, LevelUpdate> {
  static final long WINDOW_MS = Duration.ofDays(7).toMillis();
  static final long KEPT_MS = Duration.ofDays(365).toMillis();

  /** A case of a place classified as a serious care injury at {@code at}. */
  public record Classified(Place place, String caseRef, long at) {
    public String placeKey() {
      return place.level() + "|" + place.key();
    }
  }

  /** The unit's and its hospital's classification, if {@code d} classifies a case as serious. */
  public static List<Classified> of(DeviationInput d) {
    if (d.kind() != DeviationInput.Kind.CLASSIFIED || !Boolean.TRUE.equals(d.seriousCareInjury())) {
      return List.of();
    }
    return List.of(
        new Classified(
            Place.unit(d.regionCode(), d.hospitalCode(), d.unitCode()), d.caseRef(), d.eventTime()),
        new Classified(
            Place.hospital(d.regionCode(), d.hospitalCode()), d.caseRef(), d.eventTime()));
  }

  /** How many of {@code times} lie in the 7 days up to and including {@code asOf}. */
  static long countWithin(Iterable<Long> times, long asOf) {
    long n = 0;
    for (long t : times) {
      if (t <= asOf && t > asOf - WINDOW_MS) {
        n++;
      }
    }
    return n;
  }

  private transient MapState<String, Long> classifiedAt;
  private transient ValueState<Place> place;
  private transient ValueState<Long> asOf;
  private transient ValueState<Long> version;

  @Override
  public void open(OpenContext openContext) {
    classifiedAt =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("classified-at", Types.STRING, Types.LONG));
    place =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("place", TypeInformation.of(Place.class)));
    asOf = getRuntimeContext().getState(new ValueStateDescriptor<>("as-of", Types.LONG));
    version = getRuntimeContext().getState(new ValueStateDescriptor<>("version", Types.LONG));
  }

  @Override
  public void processElement(Classified c, Context ctx, Collector<LevelUpdate> out)
      throws Exception {
    Long known = classifiedAt.get(c.caseRef());
    if (known != null && known <= c.at()) {
      return;
    }
    classifiedAt.put(c.caseRef(), c.at());
    place.update(c.place());
    long ages = c.at() + WINDOW_MS;
    if (ages > ctx.timerService().currentWatermark()) {
      ctx.timerService().registerEventTimeTimer(ages);
    }
    emit(asOf.value() == null ? c.at() : Math.max(asOf.value(), c.at()), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LevelUpdate> out)
      throws Exception {
    // At the end of a bounded input no time passes: the count stays as of the newest event.
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE || timestamp <= asOf.value()) {
      return;
    }
    emit(timestamp, out);
    // A case is kept a year after its classification, so that a reclassification of it in that
    // time does not count it again, then forgotten.
    List<String> forgotten = new ArrayList<>();
    for (var e : classifiedAt.entries()) {
      if (e.getValue() <= timestamp - KEPT_MS) {
        forgotten.add(e.getKey());
      }
    }
    for (String caseRef : forgotten) {
      classifiedAt.remove(caseRef);
    }
  }

  private void emit(long at, Collector<LevelUpdate> out) throws Exception {
    asOf.update(at);
    long v = version.value() == null ? 1 : version.value() + 1;
    version.update(v);
    double count = countWithin(classifiedAt.values(), at);
    out.collect(
        LevelUpdate.of(
            new LevelInputValue(
                place.value(), LevelInput.SERIOUS_CARE_INJURIES_7_DAYS, count, 0, at, v)));
  }
}
