package se.sakervard.core.indicator;

import se.sakervard.schemas.pipeline.Level;

/**
 * The key of a place's figures: level, region, hospital and unit (empty above its level). The
 * operators that compute a place's figures and the publishing of their indicator values key by it,
 * so that the values stay in the task that computed them.
 */
public final class PlaceKey {
  private PlaceKey() {}

  public static String of(Level level, String regionCode, String hospitalCode, String unitCode) {
    return level + "|" + regionCode + "|" + hospitalCode + "|" + unitCode;
  }
}
