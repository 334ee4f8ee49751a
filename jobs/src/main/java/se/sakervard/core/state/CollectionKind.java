package se.sakervard.core.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The concrete collections that state classes hold, each with the class a field declares and how to
 * make an empty one. A state's serializer snapshot names the kind, so a restore rebuilds the same
 * collection (a sorted map stays sorted).
 */
public enum CollectionKind {
  ARRAY_LIST(ArrayList.class, ArrayList::new),
  HASH_SET(HashSet.class, HashSet::new),
  HASH_MAP(HashMap.class, HashMap::new),
  /** Keys in their natural order: every sorted map in state has comparable keys. */
  TREE_MAP(TreeMap.class, TreeMap::new);

  private final Class<?> type;
  private final Supplier<?> empty;

  CollectionKind(Class<?> type, Supplier<?> empty) {
    this.type = type;
    this.empty = empty;
  }

  public Class<?> type() {
    return type;
  }

  @SuppressWarnings("unchecked")
  <E, C extends Collection<E>> C emptyCollection() {
    return (C) empty.get();
  }

  @SuppressWarnings("unchecked")
  <K, V, M extends Map<K, V>> M emptyMap() {
    return (M) empty.get();
  }
}
