package se.sakervard.alerting;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertStep;
import se.sakervard.core.sink.ClickHouseSink;

/**
 * The alerting job's ClickHouse inserts, in the column order of {@code
 * sql/070_alerting_tables.sql}.
 */
public final class AlertingTables {
  public static final String INSERT_LEVEL =
      "INSERT INTO here_and_now_levels (level, region_code, hospital_code, unit_code, as_of,"
          + " here_and_now_level, reasons, not_judged, version, inserted_at, units_at_level)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_AUDIT =
      "INSERT INTO alert_audit (at, dedup_key, rule, urgency, step, level, region_code,"
          + " hospital_code, unit_code, sequence, escalation, attempt, value, by_whom, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private AlertingTables() {}

  public static JdbcStatementBuilder<AlertStep> bindAudit() {
    return (ps, s) -> {
      AlertEvent e = s.event();
      ClickHouseSink.setInstant(ps, 1, e.at());
      ps.setString(2, e.dedupKey());
      ps.setString(3, s.rule());
      ps.setString(4, s.urgency().name());
      ps.setString(5, e.kind().name());
      bindPlace(ps, 6, s.place());
      ps.setInt(10, e.sequence());
      ps.setInt(11, e.escalation());
      ps.setInt(12, s.attempts());
      ps.setDouble(13, e.value());
      ps.setString(14, e.by());
      ps.setString(15, s.detail());
    };
  }

  public static JdbcStatementBuilder<LevelRow> bindLevel() {
    return (ps, r) -> {
      bindPlace(ps, 1, r.place());
      ClickHouseSink.setInstant(ps, 5, r.asOf());
      ps.setInt(6, r.level());
      ClickHouseSink.setStrings(ps, 7, r.reasons());
      ClickHouseSink.setStrings(ps, 8, r.notJudged());
      ps.setLong(9, r.version());
      // 10: inserted_at, the table's default, when ClickHouse receives the row.
      ps.setObject(11, r.unitsAtLevel().stream().map(Integer::longValue).toArray(Long[]::new));
    };
  }

  private static void bindPlace(PreparedStatement ps, int first, Place p) throws SQLException {
    ClickHouseSink.bindPlace(ps, first, p.level(), p.regionCode(), p.hospitalCode(), p.unitCode());
  }
}
