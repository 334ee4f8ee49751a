package se.sakervard.core.state;

import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A list or set in state: its size, then each element (a null as a flag), by the element's own
 * serializer. Its snapshot names the collection's kind and nests the element's snapshot, so an
 * element class may evolve as its serializer allows; a collection that an earlier release kept with
 * Kryo is read with Kryo once and rewritten with this ({@link KryoPredecessor}).
 */
public final class CollectionSerializer<C extends Collection<E>, E>
    extends VariableLengthSerializer<C> {
  private static final long serialVersionUID = 1L;

  private final CollectionKind kind;
  private final TypeSerializer<E> elements;

  public CollectionSerializer(CollectionKind kind, TypeSerializer<E> elements) {
    this.kind = kind;
    this.elements = elements;
  }

  @Override
  public TypeSerializer<C> duplicate() {
    TypeSerializer<E> copy = elements.duplicate();
    return copy == elements ? this : new CollectionSerializer<>(kind, copy);
  }

  @Override
  public C createInstance() {
    return kind.emptyCollection();
  }

  @Override
  public C copy(C from) {
    C to = createInstance();
    for (E e : from) {
      to.add(e == null ? null : elements.copy(e));
    }
    return to;
  }

  @Override
  public void serialize(C value, DataOutputView target) throws IOException {
    target.writeInt(value.size());
    for (E e : value) {
      target.writeBoolean(e == null);
      if (e != null) {
        elements.serialize(e, target);
      }
    }
  }

  @Override
  public C deserialize(DataInputView source) throws IOException {
    int size = source.readInt();
    C value = createInstance();
    for (int i = 0; i < size; i++) {
      value.add(source.readBoolean() ? null : elements.deserialize(source));
    }
    return value;
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int size = source.readInt();
    target.writeInt(size);
    for (int i = 0; i < size; i++) {
      boolean isNull = source.readBoolean();
      target.writeBoolean(isNull);
      if (!isNull) {
        elements.copy(source, target);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CollectionSerializer<?, ?> other
        && kind == other.kind
        && elements.equals(other.elements);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, elements);
  }

  @Override
  public TypeSerializerSnapshot<C> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /** The kind (outer) and the element's snapshot (nested). */
  public static final class Snapshot<C extends Collection<E>, E>
      extends KindSnapshot<C, CollectionSerializer<C, E>> {
    /** For Flink's restore. */
    public Snapshot() {}

    Snapshot(CollectionSerializer<C, E> serializer) {
      super(serializer, serializer.kind);
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(CollectionSerializer<C, E> outer) {
      return new TypeSerializer<?>[] {outer.elements};
    }

    @Override
    @SuppressWarnings("unchecked")
    protected CollectionSerializer<C, E> createOuterSerializerWithNestedSerializers(
        TypeSerializer<?>[] nested) {
      return new CollectionSerializer<>(kind(), (TypeSerializer<E>) nested[0]);
    }
  }
}
