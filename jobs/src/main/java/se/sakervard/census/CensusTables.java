package se.sakervard.census;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import se.sakervard.core.sink.ClickHouseSink;

/**
 * The INSERT statements of the census tables ({@code sql/010_census_tables.sql}) and their
 * parameter binding, in the DDL's column order (the driver writes the rows as RowBinary, each value
 * to the table's column of its position: {@code InsertColumnOrderITCase}).
 */
public final class CensusTables {
  private CensusTables() {}

  public static final String INSERT_CURRENT =
      "INSERT INTO census_current (level, region_code, hospital_code, unit_code, care_type,"
          + " technical_unit, as_of, occupied, outlying, available, overcrowded, units, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_FIGURES =
      "INSERT INTO census_figures (period_kind, level, region_code, hospital_code, unit_code,"
          + " care_type, technical_unit, period_start, period_end, occupied, outlying, available,"
          + " overcrowded, patient_days, units, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?)";

  public static JdbcStatementBuilder<CensusFigures> bindCurrent() {
    return (ps, f) -> {
      int i = bindPlace(ps, 1, f);
      i = ClickHouseSink.setInstant(ps, i, f.periodEnd());
      i = bindCounts(ps, i, f);
      ps.setInt(i++, f.units());
      ps.setLong(i, f.version());
    };
  }

  public static JdbcStatementBuilder<CensusFigures> bindFigures() {
    return (ps, f) -> {
      ps.setString(1, f.kind().name());
      int i = bindPlace(ps, 2, f);
      i = ClickHouseSink.setInstant(ps, i, f.periodStart());
      i = ClickHouseSink.setInstant(ps, i, f.periodEnd());
      i = bindCounts(ps, i, f);
      setNullable(ps, i++, f.patientDays());
      ps.setInt(i++, f.units());
      ps.setLong(i, f.version());
    };
  }

  private static int bindPlace(PreparedStatement ps, int i, CensusFigures f) throws SQLException {
    ps.setString(i++, f.level().name());
    ps.setString(i++, f.regionCode());
    ps.setString(i++, f.hospitalCode());
    ps.setString(i++, f.unitCode());
    ps.setString(i++, f.careType().name());
    ps.setBoolean(i++, f.technicalUnit());
    return i;
  }

  private static int bindCounts(PreparedStatement ps, int i, CensusFigures f) throws SQLException {
    ps.setDouble(i++, f.occupied());
    ps.setDouble(i++, f.outlying());
    setNullable(ps, i++, f.available());
    setNullable(ps, i++, f.overcrowded());
    return i;
  }

  private static void setNullable(PreparedStatement ps, int i, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, value);
    }
  }
}
