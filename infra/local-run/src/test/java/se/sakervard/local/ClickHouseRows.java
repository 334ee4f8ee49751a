package se.sakervard.local;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Rows of a ClickHouse query as the local-run tests compare them. */
final class ClickHouseRows {
  /** Columns that say when and how often a row was written, not what it holds. */
  private static final List<String> WRITE_COLUMNS = List.of("inserted_at", "version");

  /** Every view built on census_figures. */
  static final List<String> CENSUS_VIEWS =
      List.of(
          "v_census_hourly",
          "v_census_rolling_24h",
          "v_census_daily_snapshot",
          "v_census_patient_days",
          "v_census_monthly_official");

  private ClickHouseRows() {}

  /**
   * The rows, sorted, each cell as {@code column=value}, without the columns that say when and how
   * often a row was written (the number of updates depends on how the events were batched, not on
   * the figures).
   */
  static List<List<String>> of(Statement s, String query) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery(query)) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (!WRITE_COLUMNS.contains(meta.getColumnLabel(i))) {
            row.add(meta.getColumnLabel(i) + "=" + r.getString(i));
          }
        }
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparing(List::toString));
    return rows;
  }
}
