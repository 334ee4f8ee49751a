package se.sakervard.alerting;

import java.util.List;

/**
 * A place's here-and-now level after a change, for ClickHouse ({@code here_and_now_levels}) and the
 * indicators topic.
 *
 * @param asOf event time of the newest input behind it
 * @param reasons each input at level 2 or above, explained
 * @param notJudged the inputs unknown or from too few observations
 * @param version the number of level changes of the place so far
 */
public record LevelRow(
    Place place,
    long asOf,
    int level,
    List<String> reasons,
    List<String> notJudged,
    long version) {}
