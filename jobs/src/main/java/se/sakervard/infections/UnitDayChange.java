package se.sakervard.infections;

/** A unit's totals of one local day before and after a change: what the rollups take and put. */
public record UnitDayChange(
    String regionCode,
    String hospitalCode,
    String unitCode,
    int day,
    DayTotals before,
    DayTotals after) {}
