package se.sakervard.deviations;

import se.sakervard.schemas.pipeline.Level;

/**
 * Cases reported on one local day at one place with one classification: a row of {@code
 * deviation_daily}. A reclassified case counts under its current classification, on the day of its
 * report.
 *
 * @param day the local day of the report, as days since 1970-01-01
 * @param version the number of changes to this count: the newest row has the highest
 */
public record DailyCount(
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    int day,
    String category,
    String deviationType,
    int consequence,
    long reported,
    long version) {}
