package se.sakervard.alerting.notify;

import se.sakervard.alerting.Place;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.EventRule;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;
import se.sakervard.schemas.pipeline.Level;

/**
 * The ClickHouse queries that return the evidence behind an alert, for its notification: the
 * figures of the place since shortly before the episode began, the event that caused it, and the
 * alert's own audit trail. They read the same views as BI tools.
 */
public final class EvidenceQuery {
  private EvidenceQuery() {}

  /**
   * The figures behind a rule's alert on a place from {@code from} (epoch ms) on.
   *
   * @param ref for event rules the case reference or cluster id that fired it; else ignored
   */
  public static String of(AlertRule rule, Place place, long from, String ref) {
    String since = "fromUnixTimestamp64Milli(toInt64(" + from + "))";
    if (rule instanceof ThresholdRule t) {
      return threshold(t, place, since);
    }
    if (rule instanceof LevelRule) {
      return "SELECT as_of, here_and_now_level, reasons, not_judged FROM sakervard.here_and_now_levels"
          + " FINAL WHERE "
          + where(place)
          + " AND as_of >= "
          + since
          + " ORDER BY as_of";
    }
    return switch (((EventRule) rule).event()) {
      case CLUSTER_OPENED, CLUSTER_GREW ->
          "SELECT * FROM sakervard.v_infection_clusters WHERE cluster_id = " + quote(ref);
      case SERIOUS_CARE_INJURY, LEX_MARIA_FILED ->
          "SELECT * FROM sakervard.v_deviation_cases WHERE case_ref = " + quote(ref);
    };
  }

  /** Every step of one alert episode. */
  public static String audit(String dedupKey) {
    return "SELECT at, step, sequence, escalation, attempt, value, by_whom, detail"
        + " FROM sakervard.v_alert_audit WHERE dedup_key = "
        + quote(dedupKey)
        + " ORDER BY at, step";
  }

  private static String threshold(ThresholdRule t, Place place, String since) {
    String indicator = t.indicator();
    String column = indicator.substring(indicator.indexOf('.') + 1);
    if (indicator.startsWith("census.")) {
      return "SELECT hour_start, care_type, "
          + column
          + ", occupied, available, overcrowded, outlying FROM sakervard.v_census_hourly WHERE "
          + where(place)
          + " AND hour_start >= "
          + since
          + " ORDER BY hour_start, care_type";
    }
    if (indicator.startsWith("deviations.")) {
      return "SELECT * FROM sakervard.v_deviation_backlog WHERE " + where(place);
    }
    String view =
        indicator.startsWith("infections.hygiene")
            ? "v_hygiene_compliance"
            : indicator.equals("infections.multi_resistant_findings")
                ? "v_multi_resistant_findings"
                : "v_infection_incidence";
    return "SELECT * FROM sakervard."
        + view
        + " WHERE "
        + where(place)
        + " AND period = "
        + quote(t.period())
        + " AND day >= toDate("
        + since
        + ", 'Europe/Stockholm') ORDER BY day";
  }

  private static String where(Place p) {
    return "level = "
        + quote(p.level().name())
        + " AND region_code = "
        + quote(p.regionCode())
        + " AND hospital_code = "
        + quote(p.level() == Level.REGION ? "" : p.hospitalCode())
        + " AND unit_code = "
        + quote(p.level() == Level.UNIT ? p.unitCode() : "");
  }

  private static String quote(String s) {
    return "'" + (s == null ? "" : s.replace("\\", "\\\\").replace("'", "\\'")) + "'";
  }
}
