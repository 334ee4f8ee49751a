package se.sakervard.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The explicit serializers of collections in state: what they write reads back as the same kind of
 * collection, their snapshots restore them, and a restore accepts only the same layout or release
 * 0.1.0's Kryo serializer of the same class (migrated), nothing else.
 */
class StateSerializersTest {
  /** A state class as the jobs declare them: collection fields with their explicit types. */
  public static class Held {
    @TypeInfo(CollectionTypeInfo.TreeMapOf.class)
    public TreeMap<Long, String> byTime = new TreeMap<>();

    @TypeInfo(CollectionTypeInfo.ArrayListOf.class)
    public ArrayList<String> names = new ArrayList<>();
  }

  @Test
  void shouldGiveEveryFieldOfAStateClassASerializerOtherThanKryo() {
    TypeInformation<Held> type = TypeInformation.of(Held.class);

    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<Held> pojo = (PojoTypeInfo<Held>) type;
    for (int i = 0; i < pojo.getArity(); i++) {
      assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
          .isInstanceOf(ExplicitTypeInfo.class)
          .isNotInstanceOf(GenericTypeInfo.class);
    }
  }

  @Test
  void shouldReadASortedMapBackSortedWithItsNullValues() throws Exception {
    TypeSerializer<TreeMap<Long, String>> serializer = sortedMap();
    TreeMap<Long, String> map = new TreeMap<>();
    map.put(30L, "c");
    map.put(10L, null);
    map.put(20L, "b");

    TreeMap<Long, String> back = roundTrip(serializer, map);

    assertThat(back).isInstanceOf(TreeMap.class).isEqualTo(map);
    assertThat(back.firstKey()).isEqualTo(10L);
    assertThat(back.get(10L)).isNull();
  }

  @Test
  void shouldReadAListBackInOrderWithItsNulls() throws Exception {
    TypeSerializer<ArrayList<String>> serializer =
        new CollectionSerializer<>(
            CollectionKind.ARRAY_LIST, Types.STRING.createSerializer(config()));
    ArrayList<String> list = new ArrayList<>(Arrays.asList("b", null, "a"));

    assertThat(roundTrip(serializer, list)).isInstanceOf(ArrayList.class).isEqualTo(list);
  }

  @Test
  void shouldRestoreTheSerializerFromItsSnapshotAndTakeItsOwnLayoutAsIs() throws Exception {
    TypeSerializer<TreeMap<Long, String>> serializer = sortedMap();
    TypeSerializerSnapshot<TreeMap<Long, String>> restored =
        reread(serializer.snapshotConfiguration());

    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    assertThat(
            serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void shouldMigrateFromTheKryoSerializerOfTheSameClassOnly() throws Exception {
    TypeSerializerSnapshot<TreeMap<Long, String>> current = sortedMap().snapshotConfiguration();

    assertThat(
            current
                .resolveSchemaCompatibility(reread(kryo(TreeMap.class)))
                .isCompatibleAfterMigration())
        .as("release 0.1.0's Kryo sorted map")
        .isTrue();
    TypeSerializerSchemaCompatibility<TreeMap<Long, String>> fromHashMap =
        current.resolveSchemaCompatibility(reread(kryo(HashMap.class)));
    assertThat(fromHashMap.isIncompatible()).as("a Kryo hash map").isTrue();
    TypeSerializerSnapshot<TreeMap<Long, String>> hashMap =
        reread(
            new MapSerializer<TreeMap<Long, String>, Long, String>(
                    CollectionKind.HASH_MAP,
                    Types.LONG.createSerializer(config()),
                    Types.STRING.createSerializer(config()))
                .snapshotConfiguration());
    assertThat(current.resolveSchemaCompatibility(hashMap).isIncompatible())
        .as("an explicit hash map: the order would be lost")
        .isTrue();
  }

  @Test
  void shouldTakeTheNestedSerializersVerdictForTheValues() throws Exception {
    TypeSerializerSnapshot<TreeMap<Long, String>> current = sortedMap().snapshotConfiguration();
    TypeSerializerSnapshot<TreeMap<Long, String>> longValues =
        reread(
            new MapSerializer<TreeMap<Long, String>, Long, String>(
                    CollectionKind.TREE_MAP,
                    Types.LONG.createSerializer(config()),
                    cast(Types.LONG.createSerializer(config())))
                .snapshotConfiguration());

    assertThat(current.resolveSchemaCompatibility(longValues).isIncompatible()).isTrue();
  }

  private static TypeSerializer<TreeMap<Long, String>> sortedMap() {
    return new MapSerializer<>(
        CollectionKind.TREE_MAP,
        Types.LONG.createSerializer(config()),
        Types.STRING.createSerializer(config()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> TypeSerializer<T> cast(TypeSerializer<?> s) {
    return (TypeSerializer) s;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> TypeSerializerSnapshot<T> kryo(Class<?> type) {
    return (TypeSerializerSnapshot) new KryoSerializer<>(type, config()).snapshotConfiguration();
  }

  private static SerializerConfigImpl config() {
    return new SerializerConfigImpl();
  }

  static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  /** The snapshot as a savepoint holds it, read back. */
  static <T> TypeSerializerSnapshot<T> reread(TypeSerializerSnapshot<T> snapshot) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        StateSerializersTest.class.getClassLoader());
  }
}
