package se.sakervard.core.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a collection's serializer: the collection's kind (outer) and its parts' snapshots
 * (nested). The same kind reads as its parts allow; another kind is refused (a hash map restored as
 * a sorted one would lose its order silently); release 0.1.0's Kryo serializer of the same class is
 * migrated ({@link KryoPredecessor}).
 */
abstract class KindSnapshot<T, S extends TypeSerializer<T>>
    extends CompositeTypeSerializerSnapshot<T, S> {
  private CollectionKind kind;

  KindSnapshot() {}

  KindSnapshot(S serializer, CollectionKind kind) {
    super(serializer);
    this.kind = kind;
  }

  CollectionKind kind() {
    return kind;
  }

  @Override
  protected int getCurrentOuterSnapshotVersion() {
    return 1;
  }

  @Override
  protected void writeOuterSnapshot(DataOutputView out) throws IOException {
    out.writeUTF(kind.name());
  }

  @Override
  protected void readOuterSnapshot(int version, DataInputView in, ClassLoader loader)
      throws IOException {
    kind = CollectionKind.valueOf(in.readUTF());
  }

  @Override
  protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(
      TypeSerializerSnapshot<T> old) {
    return old instanceof KindSnapshot<?, ?> s && s.getClass() == getClass() && s.kind == kind
        ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
        : OuterSchemaCompatibility.INCOMPATIBLE;
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> old) {
    return KryoPredecessor.of(old, kind)
        ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
        : super.resolveSchemaCompatibility(old);
  }
}
