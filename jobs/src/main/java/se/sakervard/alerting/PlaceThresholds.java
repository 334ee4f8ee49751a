package se.sakervard.alerting;

import java.io.Serializable;
import java.util.Map;
import se.sakervard.schemas.pipeline.Level;

/** The level thresholds of hospitals ({@code level.*}) and of units ({@code level.unit.*}). */
public record PlaceThresholds(LevelThresholds hospitals, LevelThresholds units)
    implements Serializable {

  public static PlaceThresholds defaults() {
    return new PlaceThresholds(LevelThresholds.defaults(), LevelThresholds.unitDefaults());
  }

  /**
   * @throws IllegalArgumentException naming the key, what is wrong and what is expected
   */
  public static PlaceThresholds from(Map<String, String> config) {
    return new PlaceThresholds(LevelThresholds.from(config), LevelThresholds.unitsFrom(config));
  }

  public LevelThresholds of(Level level) {
    return level == Level.UNIT ? units : hospitals;
  }
}
