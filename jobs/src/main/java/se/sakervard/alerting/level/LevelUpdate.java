package se.sakervard.alerting.level;

import se.sakervard.alerting.Place;

/**
 * What can change a place's here-and-now level: a new value of one of its inputs, or a change of
 * one of its infection clusters (counted while open). Keyed by {@link #placeKey()}.
 *
 * @param value the new input value, or null for a cluster change
 * @param clusterId the cluster, or null for an input value
 * @param clusterOpen whether the cluster is open after the change
 * @param clusterVersion the cluster's version: a higher one replaces a lower
 * @param clusterChange OPENED, GREW, CLOSED or MERGED; null for an input value
 */
public record LevelUpdate(
    Place place,
    long at,
    LevelInputValue value,
    String clusterId,
    boolean clusterOpen,
    long clusterVersion,
    String clusterChange) {

  public static LevelUpdate of(LevelInputValue v) {
    return new LevelUpdate(v.place(), v.at(), v, null, false, 0, null);
  }

  /** The same cluster change, for the unit's hospital. */
  public LevelUpdate forHospital() {
    return new LevelUpdate(
        Place.hospital(place.regionCode(), place.hospitalCode()),
        at,
        value,
        clusterId,
        clusterOpen,
        clusterVersion,
        clusterChange);
  }

  public String placeKey() {
    return place.level()
        + "|"
        + place.regionCode()
        + "|"
        + place.hospitalCode()
        + "|"
        + place.unitCode();
  }
}
