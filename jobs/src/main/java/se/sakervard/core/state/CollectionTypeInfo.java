package se.sakervard.core.state;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * The types of collection fields in state, each with an explicit serializer ({@link
 * CollectionSerializer}, {@link MapSerializer}) in place of Flink's Kryo fallback. A state class
 * declares it on the field, e.g. {@code @TypeInfo(CollectionTypeInfo.TreeMapOf.class) public
 * TreeMap<Long, Step> steps}; the element, key and value types are read from the field's generic
 * type (docs/reliability.md, "State across releases").
 */
public final class CollectionTypeInfo {
  private CollectionTypeInfo() {}

  private static <T> TypeInformation<T> of(CollectionKind kind, Type field, int arity) {
    if (!(field instanceof ParameterizedType p) || p.getActualTypeArguments().length != arity) {
      throw new IllegalArgumentException(
          "A "
              + kind
              + " field in state must declare its "
              + arity
              + " type argument(s): "
              + field);
    }
    TypeInformation<?>[] parts = new TypeInformation<?>[arity];
    for (int i = 0; i < arity; i++) {
      parts[i] = TypeExtractor.createTypeInfo(p.getActualTypeArguments()[i]);
    }
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) kind.type();
    return new ExplicitTypeInfo<>(
        type, kind + Arrays.toString(parts), config -> serializer(kind, parts, config));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> TypeSerializer<T> serializer(
      CollectionKind kind, TypeInformation<?>[] parts, SerializerConfig config) {
    if (parts.length == 1) {
      return new CollectionSerializer(kind, parts[0].createSerializer(config));
    }
    return new MapSerializer(
        kind, parts[0].createSerializer(config), parts[1].createSerializer(config));
  }

  /** For an {@code ArrayList<E>} field. */
  public static final class ArrayListOf<E> extends TypeInfoFactory<java.util.ArrayList<E>> {
    @Override
    public TypeInformation<java.util.ArrayList<E>> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> generics) {
      return of(CollectionKind.ARRAY_LIST, t, 1);
    }
  }

  /** For a {@code HashSet<E>} field. */
  public static final class HashSetOf<E> extends TypeInfoFactory<java.util.HashSet<E>> {
    @Override
    public TypeInformation<java.util.HashSet<E>> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> generics) {
      return of(CollectionKind.HASH_SET, t, 1);
    }
  }

  /** For a {@code HashMap<K, V>} field. */
  public static final class HashMapOf<K, V> extends TypeInfoFactory<java.util.HashMap<K, V>> {
    @Override
    public TypeInformation<java.util.HashMap<K, V>> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> generics) {
      return of(CollectionKind.HASH_MAP, t, 2);
    }
  }

  /** For a {@code TreeMap<K, V>} field: keys in their natural order. */
  public static final class TreeMapOf<K, V> extends TypeInfoFactory<java.util.TreeMap<K, V>> {
    @Override
    public TypeInformation<java.util.TreeMap<K, V>> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> generics) {
      return of(CollectionKind.TREE_MAP, t, 2);
    }
  }
}
