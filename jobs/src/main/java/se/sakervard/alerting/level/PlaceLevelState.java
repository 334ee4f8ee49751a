package se.sakervard.alerting.level;

import java.util.ArrayList;
import java.util.HashMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import se.sakervard.alerting.Place;
import se.sakervard.core.state.CollectionTypeInfo;

/**
 * What a place's level rests on: the newest value of each input, the open clusters, and the level
 * last emitted. Public fields for Flink's POJO state serializer.
 */
public final class PlaceLevelState {
  /** Input name → newest known value; an input absent or null here is unknown. */
  @TypeInfo(CollectionTypeInfo.HashMapOf.class)
  public HashMap<String, Double> values = new HashMap<>();

  /** Input name → event time of its newest value, then its version, deciding which is newest. */
  @TypeInfo(CollectionTypeInfo.HashMapOf.class)
  public HashMap<String, Long> valueAt = new HashMap<>();

  @TypeInfo(CollectionTypeInfo.HashMapOf.class)
  public HashMap<String, Long> valueVersion = new HashMap<>();

  public long hygieneObservations;

  /** Cluster id → its newest version; negative while closed. */
  @TypeInfo(CollectionTypeInfo.HashMapOf.class)
  public HashMap<String, Long> clusters = new HashMap<>();

  public long asOf = Long.MIN_VALUE;

  /** The place these inputs are of (null in state written before it was kept). */
  public Place place;

  public int level;

  @TypeInfo(CollectionTypeInfo.ArrayListOf.class)
  public ArrayList<String> reasons = new ArrayList<>();

  @TypeInfo(CollectionTypeInfo.ArrayListOf.class)
  public ArrayList<String> notJudged = new ArrayList<>();

  public long version;

  public PlaceLevelState() {}
}
