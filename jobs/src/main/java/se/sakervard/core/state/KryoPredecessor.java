package se.sakervard.core.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Release 0.1.0 kept the collections in state with Flink's Kryo fallback. A serializer of this
 * version accepts such a predecessor of the same class as "compatible after migration": Flink reads
 * the old bytes with the restored Kryo serializer once and writes them anew with the explicit one
 * (at restore on the heap backend, state by state on RocksDB). Nothing else about Kryo is accepted.
 */
public final class KryoPredecessor {
  private KryoPredecessor() {}

  static boolean of(TypeSerializerSnapshot<?> old, CollectionKind kind) {
    return of(old, kind.type());
  }

  /** Whether {@code old} is Kryo's snapshot for {@code type}. */
  public static boolean of(TypeSerializerSnapshot<?> old, Class<?> type) {
    return old instanceof KryoSerializerSnapshot<?> && madeFor(old, type);
  }

  /**
   * Whether {@code old} is Flink's POJO snapshot for {@code type}: a class that release 0.1.0 kept
   * field by field (with Kryo inside) and this version keeps with a serializer of its own.
   */
  public static boolean ofPojo(TypeSerializerSnapshot<?> old, Class<?> type) {
    return old instanceof PojoSerializerSnapshot<?> && madeFor(old, type);
  }

  /** Both snapshots begin with the name of the class they were made for. */
  private static boolean madeFor(TypeSerializerSnapshot<?> old, Class<?> type) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      old.writeSnapshot(out);
      return new DataInputDeserializer(out.getCopyOfBuffer()).readUTF().equals(type.getName());
    } catch (IOException e) {
      return false;
    }
  }
}
