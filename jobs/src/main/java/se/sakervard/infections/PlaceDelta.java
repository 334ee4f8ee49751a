package se.sakervard.infections;

import java.util.List;
import se.sakervard.core.indicator.PlaceKey;
import se.sakervard.schemas.pipeline.Level;

/** What a unit-day change adds to the day of one place: the unit, its hospital, its region. */
public record PlaceDelta(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    int day,
    DayTotals delta) {

  public String placeKey() {
    return PlaceKey.of(level, regionCode, hospitalCode, unitCode);
  }

  public static List<PlaceDelta> of(UnitDayChange c) {
    DayTotals delta = c.after().copy().add(c.before(), -1);
    return List.of(
        new PlaceDelta(Level.UNIT, c.regionCode(), c.hospitalCode(), c.unitCode(), c.day(), delta),
        new PlaceDelta(Level.HOSPITAL, c.regionCode(), c.hospitalCode(), "", c.day(), delta),
        new PlaceDelta(Level.REGION, c.regionCode(), "", "", c.day(), delta));
  }
}
