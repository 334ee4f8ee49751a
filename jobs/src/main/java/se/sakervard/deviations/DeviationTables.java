package se.sakervard.deviations;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import se.sakervard.core.sink.ClickHouseSink;

/**
 * The INSERT statements of the deviation tables ({@code sql/030_deviation_tables.sql}) and their
 * parameter binding, in the DDL's column order (the driver writes the rows as RowBinary, each value
 * to the table's column of its position: {@code InsertColumnOrderITCase}). Instants and local days
 * are bound as themselves, so no client or server time zone can shift them.
 */
public final class DeviationTables {
  private DeviationTables() {}

  public static final String INSERT_CASES =
      "INSERT INTO deviation_cases (case_ref, region_code, hospital_code, unit_code, occurred_at,"
          + " reported_at, category, deviation_type, consequence, likelihood, risk_score,"
          + " serious_care_injury, needs_event_analysis, classified_at, investigation_started_at,"
          + " event_analysis_started_at, event_analysis_deadline, actions_decided_at,"
          + " first_closed_at, closed_at, reopenings, lex_maria_filed_at, complaint_received_at,"
          + " complaint_answered_at, version, inserted_at, entered_in_error)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?,"
          + " ?, ?, ?,"
          + " ?, ?, ?,"
          + " ?, ?, ?)";

  public static final String INSERT_MONTHLY =
      "INSERT INTO deviation_monthly (level, region_code, hospital_code, unit_code, month,"
          + " reported, negative_events, near_misses, serious_care_injuries, open_cases,"
          + " closed_within_30_days, closed_within_60_days, closed_within_90_days,"
          + " reporting_delay_median_hours, reporting_delay_p90_hours, handling_time_median_days,"
          + " handling_time_p90_days, needs_event_analysis, event_analysis_in_time,"
          + " lex_maria_filed, lex_maria_lead_time_median_days, complaints_received,"
          + " complaints_answered_within_30_days, is_final, version, inserted_at, as_of,"
          + " event_analysis_started_late, event_analysis_overdue, event_analysis_not_yet_due)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_BACKLOG =
      "INSERT INTO deviation_backlog (level, region_code, hospital_code, unit_code, as_of,"
          + " open_cases, open_over_30_days, open_over_60_days, open_over_90_days,"
          + " open_serious_care_injuries, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_BACKLOG_MONTH_END =
      "INSERT INTO deviation_backlog_month_end (level, region_code, hospital_code, unit_code,"
          + " month, month_end, open_cases, open_over_30_days, open_over_60_days,"
          + " open_over_90_days, open_serious_care_injuries, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_DAILY =
      "INSERT INTO deviation_daily (level, region_code, hospital_code, unit_code, day, category,"
          + " deviation_type, consequence, reported, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_REPORTED_ROLLING =
      "INSERT INTO deviation_reported_rolling (level, region_code, hospital_code, unit_code, day,"
          + " reported_on_day, reported_last_12_months, reported_previous_12_months, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Local days are bound as dates, which no time zone can shift. */
  public static JdbcStatementBuilder<DailyCount> bindDaily() {
    return (ps, d) -> {
      ps.setString(1, d.level().name());
      ps.setString(2, d.regionCode());
      ps.setString(3, d.hospitalCode());
      ps.setString(4, d.unitCode());
      ClickHouseSink.setDay(ps, 5, d.day());
      ps.setString(6, d.category());
      ps.setString(7, d.deviationType());
      ps.setInt(8, d.consequence());
      ps.setLong(9, d.reported());
      ps.setLong(10, d.version());
    };
  }

  public static JdbcStatementBuilder<RollingReports> bindReportedRolling() {
    return (ps, r) -> {
      TwelveMonthTotals t = r.totals();
      ps.setString(1, r.level().name());
      ps.setString(2, r.regionCode());
      ps.setString(3, r.hospitalCode());
      ps.setString(4, r.unitCode());
      ClickHouseSink.setDay(ps, 5, t.day());
      ps.setLong(6, t.reportedOnDay());
      ps.setLong(7, t.last12Months());
      ps.setLong(8, t.previous12Months());
      ps.setLong(9, r.version());
    };
  }

  public static JdbcStatementBuilder<BacklogFigures> bindBacklog() {
    return (ps, b) -> {
      ps.setString(1, b.level().name());
      ps.setString(2, b.regionCode());
      ps.setString(3, b.hospitalCode());
      ps.setString(4, b.unitCode());
      ClickHouseSink.setInstant(ps, 5, b.asOf());
      ps.setLong(6, b.open());
      ps.setLong(7, b.openOver30Days());
      ps.setLong(8, b.openOver60Days());
      ps.setLong(9, b.openOver90Days());
      ps.setLong(10, b.openSeriousCareInjuries());
      ps.setLong(11, b.version());
    };
  }

  /** The month as in {@link #bindMonthly}; its end as the instant. */
  public static JdbcStatementBuilder<MonthEndFigures> bindBacklogMonthEnd(String zone) {
    ZoneId local = ZoneId.of(zone);
    return (ps, b) -> {
      ps.setString(1, b.level().name());
      ps.setString(2, b.regionCode());
      ps.setString(3, b.hospitalCode());
      ps.setString(4, b.unitCode());
      ClickHouseSink.setDay(ps, 5, localDay(b.month(), local));
      ClickHouseSink.setInstant(ps, 6, b.monthEnd());
      ps.setLong(7, b.open());
      ps.setLong(8, b.openOver30Days());
      ps.setLong(9, b.openOver60Days());
      ps.setLong(10, b.openOver90Days());
      ps.setLong(11, b.openSeriousCareInjuries());
      ps.setLong(12, b.version());
    };
  }

  /** Months are bound as their first local day in {@code zone}. */
  public static JdbcStatementBuilder<MonthFigures> bindMonthly(String zone) {
    ZoneId local = ZoneId.of(zone);
    return (ps, m) -> {
      int i = 1;
      ps.setString(i++, m.level().name());
      ps.setString(i++, m.regionCode());
      ps.setString(i++, m.hospitalCode());
      ps.setString(i++, m.unitCode());
      i = ClickHouseSink.setDay(ps, i, localDay(m.month(), local));
      for (long count :
          new long[] {
            m.reported(),
            m.negativeEvents(),
            m.nearMisses(),
            m.seriousCareInjuries(),
            m.open(),
            m.closedWithin30Days(),
            m.closedWithin60Days(),
            m.closedWithin90Days()
          }) {
        ps.setLong(i++, count);
      }
      i = setDouble(ps, i, m.reportingDelayMedianHours());
      i = setDouble(ps, i, m.reportingDelayP90Hours());
      i = setDouble(ps, i, m.handlingTimeMedianDays());
      i = setDouble(ps, i, m.handlingTimeP90Days());
      ps.setLong(i++, m.needsEventAnalysis());
      ps.setLong(i++, m.eventAnalysisInTime());
      ps.setLong(i++, m.lexMariaFiled());
      i = setDouble(ps, i, m.lexMariaLeadTimeMedianDays());
      ps.setLong(i++, m.complaintsReceived());
      ps.setLong(i++, m.complaintsAnsweredWithin30Days());
      ps.setBoolean(i++, m.isFinal());
      ps.setLong(i++, m.version());
      i++; // inserted_at: the table's default, when ClickHouse receives the row
      // Added to the table later, so after inserted_at (sql/030).
      i = ClickHouseSink.setInstant(ps, i, m.asOf());
      i = setCount(ps, i, m.eventAnalysisStartedLate());
      i = setCount(ps, i, m.eventAnalysisOverdue());
      setCount(ps, i, m.eventAnalysisNotYetDue());
    };
  }

  public static JdbcStatementBuilder<CaseFacts> bindCases() {
    return (ps, c) -> {
      int i = 1;
      ps.setString(i++, c.caseRef());
      ps.setString(i++, c.regionCode());
      ps.setString(i++, c.hospitalCode());
      ps.setString(i++, c.unitCode());
      i = ClickHouseSink.setInstant(ps, i, c.occurredAt());
      i = ClickHouseSink.setInstant(ps, i, c.reportedAt());
      ps.setString(i++, c.category());
      ps.setString(i++, c.deviationType());
      ps.setInt(i++, c.consequence());
      ps.setInt(i++, c.likelihood());
      ps.setInt(i++, c.riskScore());
      ps.setBoolean(i++, c.seriousCareInjury());
      ps.setBoolean(i++, c.needsEventAnalysis());
      i = ClickHouseSink.setInstant(ps, i, c.classifiedAt());
      i = ClickHouseSink.setInstant(ps, i, c.investigationStartedAt());
      i = ClickHouseSink.setInstant(ps, i, c.eventAnalysisStartedAt());
      i = ClickHouseSink.setInstant(ps, i, c.eventAnalysisDeadline());
      i = ClickHouseSink.setInstant(ps, i, c.actionsDecidedAt());
      i = ClickHouseSink.setInstant(ps, i, c.firstClosedAt());
      i = ClickHouseSink.setInstant(ps, i, c.closedAt());
      ps.setInt(i++, c.reopenings());
      i = ClickHouseSink.setInstant(ps, i, c.lexMariaFiledAt());
      i = ClickHouseSink.setInstant(ps, i, c.complaintReceivedAt());
      i = ClickHouseSink.setInstant(ps, i, c.complaintAnsweredAt());
      ps.setLong(i++, c.version());
      i++; // inserted_at: the table's default, when ClickHouse receives the row
      ps.setBoolean(i, c.enteredInError());
    };
  }

  private static int setDouble(PreparedStatement ps, int i, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, value);
    }
    return i + 1;
  }

  private static int setCount(PreparedStatement ps, int i, Long count) throws SQLException {
    if (count == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, count);
    }
    return i + 1;
  }

  /** The local day, in {@code zone}, of an instant (epoch ms). */
  private static long localDay(long millis, ZoneId zone) {
    return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate().toEpochDay();
  }
}
