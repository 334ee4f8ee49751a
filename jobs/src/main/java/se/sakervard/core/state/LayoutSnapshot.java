package se.sakervard.core.state;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a hand-written serializer: only the version of its layout. The same version reads
 * as is; the predecessor a subclass names (the serializer an earlier release used) is read with
 * that serializer once and rewritten; anything else is refused at restore, before any state is
 * read. A serializer whose layout changes bumps its version and, until it can read the older
 * layout, fails the restore here with the version it met.
 */
public abstract class LayoutSnapshot<T> implements TypeSerializerSnapshot<T> {
  private final int current;
  private final TypeSerializer<T> serializer;
  private int version;

  protected LayoutSnapshot(int current, TypeSerializer<T> serializer) {
    this.current = current;
    this.serializer = serializer;
    this.version = current;
  }

  /** Whether {@code old} is the serializer an earlier release kept this type with. */
  protected abstract boolean isPredecessor(TypeSerializerSnapshot<T> old);

  @Override
  public int getCurrentVersion() {
    return current;
  }

  @Override
  public void writeSnapshot(DataOutputView out) {}

  @Override
  public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) {
    version = readVersion;
  }

  @Override
  public TypeSerializer<T> restoreSerializer() {
    if (version != current) {
      throw new IllegalStateException(
          "No reader for layout version " + version + " of " + serializer.getClass().getName());
    }
    return serializer;
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> old) {
    if (old instanceof LayoutSnapshot<T> s && s.getClass() == getClass() && s.version == current) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    if (isPredecessor(old)) {
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    return TypeSerializerSchemaCompatibility.incompatible();
  }
}
