package se.sakervard.alerting.level;

import java.io.Serializable;
import java.util.Map;
import se.sakervard.schemas.pipeline.Level;

/**
 * The level thresholds of hospitals ({@code level.*}) and of units ({@code level.unit.*}), and how
 * a hospital's units raise its level ({@value HospitalUnitsLevel#SHARE_KEY}).
 */
public record PlaceThresholds(
    LevelThresholds hospitals, LevelThresholds units, HospitalUnitsLevel hospitalUnits)
    implements Serializable {

  public PlaceThresholds(LevelThresholds hospitals, LevelThresholds units) {
    this(hospitals, units, HospitalUnitsLevel.defaults());
  }

  public static PlaceThresholds defaults() {
    return new PlaceThresholds(LevelThresholds.defaults(), LevelThresholds.unitDefaults());
  }

  /**
   * @throws IllegalArgumentException naming the key, what is wrong and what is expected
   */
  public static PlaceThresholds from(Map<String, String> config) {
    String share = config.get(HospitalUnitsLevel.SHARE_KEY);
    HospitalUnitsLevel hospitalUnits;
    try {
      hospitalUnits =
          share == null
              ? HospitalUnitsLevel.defaults()
              : new HospitalUnitsLevel(Double.parseDouble(share.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          HospitalUnitsLevel.SHARE_KEY + ": expected a share such as 0.25, was '" + share + "'");
    }
    return new PlaceThresholds(
        LevelThresholds.from(config), LevelThresholds.unitsFrom(config), hospitalUnits);
  }

  public LevelThresholds of(Level level) {
    return level == Level.UNIT ? units : hospitals;
  }
}
