package se.sakervard.alerting;

import se.sakervard.schemas.pipeline.Level;

/**
 * A unit, hospital or region an alert is about; the codes below its level are empty.
 *
 * @param level UNIT, HOSPITAL or REGION
 */
public record Place(Level level, String regionCode, String hospitalCode, String unitCode) {

  public static Place hospital(String regionCode, String hospitalCode) {
    return new Place(Level.HOSPITAL, regionCode, hospitalCode, "");
  }

  public static Place unit(String regionCode, String hospitalCode, String unitCode) {
    return new Place(Level.UNIT, regionCode, hospitalCode, unitCode);
  }

  /** The most specific code: the unit's, the hospital's or the region's. */
  public String key() {
    return switch (level) {
      case UNIT -> unitCode;
      case HOSPITAL -> hospitalCode;
      case REGION -> regionCode;
    };
  }
}
