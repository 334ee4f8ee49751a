package se.sakervard.core.state;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * For a record that only passes between chained operators and is never kept (a hospital feed's
 * parsed message, which holds identifiers in clear and must not leave the feed job's memory): Flink
 * needs a serializer for every edge, and this one refuses to write anything. A change to the graph
 * that would ship or keep such a record fails at its first record with what to do, instead of
 * sending patient identifiers through Kryo.
 */
public final class ChainedOnlySerializer<T> extends VariableLengthSerializer<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  private ChainedOnlySerializer(Class<T> type) {
    this.type = type;
  }

  /** The type of records of {@code type} that never leave a chain. */
  public static <T> TypeInformation<T> typeOf(Class<T> type) {
    return new ExplicitTypeInfo<>(type, new ChainedOnlySerializer<>(type));
  }

  private IllegalStateException refused() {
    return new IllegalStateException(
        type.getName()
            + " passes only between chained operators and is never serialized: keep the operators"
            + " that pass it chained (same parallelism, no keyBy or rebalance in between)");
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    return from;
  }

  @Override
  public void serialize(T record, DataOutputView target) {
    throw refused();
  }

  @Override
  public T deserialize(DataInputView source) {
    throw refused();
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    throw refused();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainedOnlySerializer<?> other && type == other.type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    throw refused();
  }
}
