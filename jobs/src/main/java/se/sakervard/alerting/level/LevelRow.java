package se.sakervard.alerting.level;

import java.util.List;
import se.sakervard.alerting.Place;

/**
 * A place's here-and-now level after a change, for ClickHouse ({@code here_and_now_levels}) and the
 * indicators topic.
 *
 * @param asOf event time of the newest input behind it
 * @param reasons each input at level 2 or above, explained
 * @param notJudged the inputs unknown or from too few observations
 * @param version the number of level changes of the place so far
 * @param unitsAtLevel for a hospital, how many of its units are at level 1, 2, 3 and 4; empty for a
 *     unit
 */
public record LevelRow(
    Place place,
    long asOf,
    int level,
    List<String> reasons,
    List<String> notJudged,
    long version,
    List<Integer> unitsAtLevel) {

  /** A place's row without its units' levels: a unit's, or a hospital's own figures'. */
  public LevelRow(
      Place place,
      long asOf,
      int level,
      List<String> reasons,
      List<String> notJudged,
      long version) {
    this(place, asOf, level, reasons, notJudged, version, List.of());
  }
}
