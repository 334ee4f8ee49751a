package se.sakervard.alerting;

import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import se.sakervard.core.sink.ClickHouseSink;

/**
 * The alerting job's ClickHouse inserts, in the column order of {@code
 * sql/070_alerting_tables.sql}.
 */
public final class AlertingTables {
  public static final String INSERT_LEVEL =
      "INSERT INTO here_and_now_levels (level, region_code, hospital_code, unit_code, as_of,"
          + " here_and_now_level, reasons, not_judged, version) VALUES (?, ?, ?, ?,"
          + " fromUnixTimestamp64Milli(?), ?, JSONExtract(?, 'Array(String)'),"
          + " JSONExtract(?, 'Array(String)'), ?)";

  private AlertingTables() {}

  public static JdbcStatementBuilder<LevelRow> bindLevel() {
    return (ps, r) -> {
      ps.setString(1, r.place().level().name());
      ps.setString(2, r.place().regionCode());
      ps.setString(3, r.place().hospitalCode());
      ps.setString(4, r.place().unitCode());
      ps.setLong(5, r.asOf());
      ps.setInt(6, r.level());
      ps.setString(7, ClickHouseSink.jsonArray(r.reasons()));
      ps.setString(8, ClickHouseSink.jsonArray(r.notJudged()));
      ps.setLong(9, r.version());
    };
  }
}
