package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.localstack.ClickHouseSchema;
import se.sakervard.testing.LocalStackExtension;

/**
 * A database of release 0.1.0 upgraded with {@code sql/upgrades/}: {@code alert_audit} gets the
 * place in its key and keeps its rows.
 */
class SchemaUpgradeITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final String PENDING =
      "INSERT INTO sakervard.alert_audit (at, dedup_key, rule, urgency, step, level, region_code,"
          + " hospital_code, unit_code, sequence, escalation, attempt, value, detail) VALUES"
          + " ('2026-03-02 03:00:00', '', 'unit-critical', 'KNOW', 'PENDING', 'UNIT', 'R1', 'H1',"
          + " '%s', 0, 0, 0, 4, '')";

  /**
   * Under the old key U1's and U2's pending steps of one rule at 03:00 (no dedup_key before the
   * episode fires) are one row; after the upgrade U1's rows stay and U2's pending step is a row of
   * its own: 2 rows, then 3.
   */
  @Test
  void shouldKeyTheAlertAuditByPlaceAndKeepItsRows() throws Exception {
    STACK.execute("DROP TABLE sakervard.alert_audit");
    ClickHouseSchema.apply(STACK.jdbcUrl(), Path.of("src/test/resources/sql-0.1.0"));
    STACK.execute(String.format(PENDING, "U1"));
    STACK.execute(
        "INSERT INTO sakervard.alert_audit (at, dedup_key, rule, urgency, step, level, region_code,"
            + " hospital_code, unit_code, sequence, escalation, attempt, value, detail) VALUES"
            + " ('2026-03-02 03:10:00', 'unit-critical|U1|2026-03-02T03:10:00Z', 'unit-critical',"
            + " 'KNOW', 'FIRING', 'UNIT', 'R1', 'H1', 'U1', 1, 0, 0, 4, '')");
    assertThat(sortingKey()).doesNotContain("unit_code");

    ClickHouseSchema.apply(STACK.jdbcUrl(), ClickHouseSchema.sqlDir().resolve("upgrades"));

    assertThat(sortingKey()).contains("level, unit_code");
    assertThat(STACK.query("SELECT unit_code, step FROM sakervard.v_alert_audit ORDER BY at"))
        .containsExactly(List.of("U1", "PENDING"), List.of("U1", "FIRING"));
    STACK.execute(String.format(PENDING, "U2"));
    assertThat(
            STACK.query(
                "SELECT unit_code FROM sakervard.v_alert_audit WHERE step = 'PENDING'"
                    + " ORDER BY unit_code"))
        .containsExactly(List.of("U1"), List.of("U2"));
  }

  private static String sortingKey() throws Exception {
    return STACK
        .query(
            "SELECT sorting_key FROM system.tables WHERE database = 'sakervard'"
                + " AND name = 'alert_audit'")
        .get(0)
        .get(0);
  }
}
