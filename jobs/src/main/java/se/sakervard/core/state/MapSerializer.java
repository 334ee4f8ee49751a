package se.sakervard.core.state;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hash or sorted map in state: its size, then each key and value (a null value as a flag), by
 * their own serializers. Its snapshot names the map's kind and nests the key's and value's
 * snapshots; a map that an earlier release kept with Kryo is read with Kryo once and rewritten with
 * this ({@link KryoPredecessor}).
 */
public final class MapSerializer<M extends Map<K, V>, K, V> extends VariableLengthSerializer<M> {
  private static final long serialVersionUID = 1L;

  private final CollectionKind kind;
  private final TypeSerializer<K> keys;
  private final TypeSerializer<V> values;

  public MapSerializer(CollectionKind kind, TypeSerializer<K> keys, TypeSerializer<V> values) {
    this.kind = kind;
    this.keys = keys;
    this.values = values;
  }

  @Override
  public TypeSerializer<M> duplicate() {
    TypeSerializer<K> k = keys.duplicate();
    TypeSerializer<V> v = values.duplicate();
    return k == keys && v == values ? this : new MapSerializer<>(kind, k, v);
  }

  @Override
  public M createInstance() {
    return kind.emptyMap();
  }

  @Override
  public M copy(M from) {
    M to = createInstance();
    for (Map.Entry<K, V> e : from.entrySet()) {
      V v = e.getValue();
      to.put(keys.copy(e.getKey()), v == null ? null : values.copy(v));
    }
    return to;
  }

  @Override
  public void serialize(M map, DataOutputView target) throws IOException {
    target.writeInt(map.size());
    for (Map.Entry<K, V> e : map.entrySet()) {
      keys.serialize(e.getKey(), target);
      target.writeBoolean(e.getValue() == null);
      if (e.getValue() != null) {
        values.serialize(e.getValue(), target);
      }
    }
  }

  @Override
  public M deserialize(DataInputView source) throws IOException {
    int size = source.readInt();
    M map = createInstance();
    for (int i = 0; i < size; i++) {
      K k = keys.deserialize(source);
      map.put(k, source.readBoolean() ? null : values.deserialize(source));
    }
    return map;
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int size = source.readInt();
    target.writeInt(size);
    for (int i = 0; i < size; i++) {
      keys.copy(source, target);
      boolean isNull = source.readBoolean();
      target.writeBoolean(isNull);
      if (!isNull) {
        values.copy(source, target);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MapSerializer<?, ?, ?> other
        && kind == other.kind
        && keys.equals(other.keys)
        && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, keys, values);
  }

  @Override
  public TypeSerializerSnapshot<M> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /** The kind (outer) and the key's and value's snapshots (nested). */
  public static final class Snapshot<M extends Map<K, V>, K, V>
      extends KindSnapshot<M, MapSerializer<M, K, V>> {
    /** For Flink's restore. */
    public Snapshot() {}

    Snapshot(MapSerializer<M, K, V> serializer) {
      super(serializer, serializer.kind);
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(MapSerializer<M, K, V> outer) {
      return new TypeSerializer<?>[] {outer.keys, outer.values};
    }

    @Override
    @SuppressWarnings("unchecked")
    protected MapSerializer<M, K, V> createOuterSerializerWithNestedSerializers(
        TypeSerializer<?>[] nested) {
      return new MapSerializer<>(
          kind(), (TypeSerializer<K>) nested[0], (TypeSerializer<V>) nested[1]);
    }
  }
}
