package se.sakervard.core.time;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Inputs of a key that wait for event time to pass them, then are taken all of one instant
 * together, in event-time order: inputs that come from other topics or subtasks arrive in any
 * order, and taken as they arrived a result would depend on reading speed. Keyed state ({@code
 * "waiting"}: instant → inputs) with an event-time timer at each instant.
 *
 * <p>{@code queue.add(u.at(), u, ctx.timerService())} in {@code processElement}; {@code
 * queue.take(timestamp)} in {@code onTimer}.
 */
public final class EventTimeQueue<T> {
  private final MapState<Long, List<T>> waiting;

  public EventTimeQueue(RuntimeContext context, TypeInformation<T> type) {
    this.waiting =
        context.getMapState(new MapStateDescriptor<>("waiting", Types.LONG, Types.LIST(type)));
  }

  /** Holds {@code item} until event time passes {@code at}. */
  public void add(long at, T item, TimerService timers) throws Exception {
    List<T> known = waiting.get(at);
    List<T> items = known == null ? new ArrayList<>() : new ArrayList<>(known);
    items.add(item);
    waiting.put(at, items);
    timers.registerEventTimeTimer(at);
  }

  /** The inputs of the instant, in the order they arrived, and forgets them; null if none. */
  public List<T> take(long at) throws Exception {
    List<T> items = waiting.get(at);
    if (items != null) {
      waiting.remove(at);
    }
    return items;
  }
}
