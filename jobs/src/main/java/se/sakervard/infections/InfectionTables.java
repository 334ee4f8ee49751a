package se.sakervard.infections;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import se.sakervard.core.sink.ClickHouseSink;

/**
 * The INSERT statements of the infection tables ({@code sql/050_infection_tables.sql}) and their
 * parameter binding, in the DDL's column order. Days are bound as dates, instants as instants; the
 * driver writes the rows as RowBinary, each value to the table's column of its position ({@code
 * InsertColumnOrderITCase}).
 */
public final class InfectionTables {
  private InfectionTables() {}

  private static final String PLACE = "level, region_code, hospital_code, unit_code";

  public static final String INSERT_INCIDENCE =
      "INSERT INTO infection_incidence ("
          + PLACE
          + ", day, period, infection_type, cases, patient_days, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_COMPLIANCE =
      "INSERT INTO hygiene_compliance ("
          + PLACE
          + ", day, period, observations, all_correct, hygiene_correct, dress_code_correct,"
          + " all_correct_lower_percent, all_correct_upper_percent, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_FINDINGS =
      "INSERT INTO multi_resistant_findings ("
          + PLACE
          + ", day, period, organism, findings, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_PREVALENCE =
      "INSERT INTO infection_prevalence ("
          + PLACE
          + ", survey_id, survey_day, surveyed, infected, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final String INSERT_CLUSTERS =
      "INSERT INTO infection_clusters (cluster_id, region_code, hospital_code, unit_code, pathogen,"
          + " case_refs, cases, first_onset, opened_at, last_onset, closed_at, status, merged_into,"
          + " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?,"
          + " ?, ?, ?, ?)";

  public static final String INSERT_CLUSTER_EVENTS =
      "INSERT INTO infection_cluster_events (cluster_id, change, region_code, hospital_code,"
          + " unit_code, pathogen, cases, at, status, merged_into, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static JdbcStatementBuilder<InfectionRows.Incidence> bindIncidence() {
    return (ps, r) -> {
      int i =
          ClickHouseSink.bindPlace(
              ps, 1, r.level(), r.regionCode(), r.hospitalCode(), r.unitCode());
      i = ClickHouseSink.setDay(ps, i, r.day());
      ps.setString(i++, r.period().name());
      ps.setString(i++, r.infectionType());
      ps.setLong(i++, r.cases());
      ps.setDouble(i++, r.patientDays());
      ps.setLong(i, r.version());
    };
  }

  public static JdbcStatementBuilder<InfectionRows.Compliance> bindCompliance() {
    return (ps, r) -> {
      int i =
          ClickHouseSink.bindPlace(
              ps, 1, r.level(), r.regionCode(), r.hospitalCode(), r.unitCode());
      i = ClickHouseSink.setDay(ps, i, r.day());
      ps.setString(i++, r.period().name());
      ps.setLong(i++, r.observations());
      ps.setLong(i++, r.allCorrect());
      ps.setLong(i++, r.hygieneCorrect());
      ps.setLong(i++, r.dressCodeCorrect());
      i = setDouble(ps, i, r.allCorrectLowerPercent());
      i = setDouble(ps, i, r.allCorrectUpperPercent());
      ps.setLong(i, r.version());
    };
  }

  public static JdbcStatementBuilder<InfectionRows.Findings> bindFindings() {
    return (ps, r) -> {
      int i =
          ClickHouseSink.bindPlace(
              ps, 1, r.level(), r.regionCode(), r.hospitalCode(), r.unitCode());
      i = ClickHouseSink.setDay(ps, i, r.day());
      ps.setString(i++, r.period().name());
      ps.setString(i++, r.organism());
      ps.setLong(i++, r.findings());
      ps.setLong(i, r.version());
    };
  }

  public static JdbcStatementBuilder<PrevalenceFigures> bindPrevalence() {
    return (ps, r) -> {
      int i =
          ClickHouseSink.bindPlace(
              ps, 1, r.level(), r.regionCode(), r.hospitalCode(), r.unitCode());
      ps.setString(i++, r.surveyId());
      i = ClickHouseSink.setDay(ps, i, r.surveyDay());
      ps.setLong(i++, r.surveyed());
      ps.setLong(i++, r.infected());
      ps.setLong(i, r.version());
    };
  }

  /** The case references go as a JSON array, which ClickHouse parses into Array(String). */
  public static JdbcStatementBuilder<ClusterChange> bindClusters() {
    return (ps, change) -> {
      InfectionCluster c = change.cluster();
      ps.setString(1, c.clusterId());
      ps.setString(2, c.regionCode());
      ps.setString(3, c.hospitalCode());
      ps.setString(4, c.unitCode());
      ps.setString(5, c.pathogen());
      ClickHouseSink.setStrings(ps, 6, c.caseRefs());
      ps.setInt(7, c.size());
      ClickHouseSink.setInstant(ps, 8, c.firstOnset());
      ClickHouseSink.setInstant(ps, 9, c.openedAt());
      ClickHouseSink.setInstant(ps, 10, c.lastOnset());
      ClickHouseSink.setInstant(ps, 11, c.closedAt());
      ps.setString(12, c.status().name());
      ps.setString(13, c.mergedInto());
      ps.setLong(14, c.version());
    };
  }

  public static JdbcStatementBuilder<ClusterChange> bindClusterEvents() {
    return (ps, change) -> {
      InfectionCluster c = change.cluster();
      ps.setString(1, c.clusterId());
      ps.setString(2, change.kind().name());
      ps.setString(3, c.regionCode());
      ps.setString(4, c.hospitalCode());
      ps.setString(5, c.unitCode());
      ps.setString(6, c.pathogen());
      ps.setInt(7, c.size());
      ClickHouseSink.setInstant(ps, 8, change.at());
      ps.setString(9, c.status().name());
      ps.setString(10, c.mergedInto());
      ps.setLong(11, c.version());
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
}
