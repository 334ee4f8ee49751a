package se.sakervard.census;

/** The periods census figures are computed for. */
public enum PeriodKind {
  /** The state after the newest event; period start and end are that event's time. */
  CURRENT,
  /** Time-weighted means over one hour, keyed by the instant it starts. */
  HOUR,
  /**
   * Time-weighted means over the 24 elapsed hours ending at the period end. No longer computed by
   * the job (ClickHouse derives them from the hours: {@code v_census_rolling_24h}); kept so that
   * state written by an earlier version, which holds such figures, still restores.
   */
  ROLLING_24H,
  /**
   * Time-weighted means over one local day (23 or 25 hours at clock changes), with patient days.
   */
  DAY,
  /** The official daily snapshot (06:00 local time by default): counts at that instant. */
  DAILY_SNAPSHOT,
  /**
   * Not a period: the mark that a unit has no hours filed under this place from the period start on
   * (it closed, or moved to another hospital), where the views stop filling in its unchanged hours.
   * Written to census_figures, never summed or published.
   */
  HOURS_END,
  /**
   * The state at one instant once event time has passed it (docs/indicators.md, "Current values and
   * settled values"): every event up to that instant folded in, whatever order the events came in.
   * Period start and end are that instant. Published as the CURRENT indicator values that alerting
   * judges; not written to ClickHouse.
   */
  SETTLED_CURRENT
}
