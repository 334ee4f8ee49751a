package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.notify.EvidenceQuery;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.LocalStackExtension;

/**
 * Every evidence query a shipped rule's notification carries runs against the real schema in
 * ClickHouse, so a schema change that breaks one fails the build; the alerting tables hold what the
 * queries read.
 */
class AlertEvidenceITCase {
  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  private static final long T0 = 1_780_000_000_000L;

  @Test
  void shouldRunTheEvidenceQueryOfEveryShippedRule() {
    for (AlertRule rule : AlertRules.defaults()) {
      Level level =
          rule instanceof ThresholdRule t
              ? t.level()
              : rule instanceof LevelRule l ? l.placeLevel() : Level.UNIT;
      Place place = new Place(level, "E1", "E1-H1", level == Level.UNIT ? "E1-H1-U1" : "");
      String query = EvidenceQuery.of(rule, place, T0, "E1-REF");
      assertThatCode(() -> STACK.query(query))
          .as(rule.name() + ": " + query)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void shouldReturnTheLevelsAndTheAuditTrailBehindAnAlert() throws Exception {
    STACK.execute(
        "INSERT INTO here_and_now_levels (level, region_code, hospital_code, unit_code, as_of,"
            + " here_and_now_level, reasons, not_judged, version) VALUES ('HOSPITAL', 'E2', 'E2-H1',"
            + " '', fromUnixTimestamp64Milli(toInt64("
            + (T0 + 60_000)
            + ")), 4, ['overcrowding 15.0 per 100 beds ≥ 14 (level 4)'], [], 1)");
    STACK.execute(
        "INSERT INTO alert_audit (at, dedup_key, rule, urgency, step, level, region_code,"
            + " hospital_code, unit_code, sequence, escalation, attempt, value, by_whom, detail)"
            + " VALUES (fromUnixTimestamp64Milli(toInt64("
            + (T0 + 60_000)
            + ")), 'hospital-critical|E2-H1|t', 'hospital-critical', 'ACT_NOW', 'FIRING',"
            + " 'HOSPITAL', 'E2', 'E2-H1', '', 1, 0, 0, 4, NULL, '')");
    LevelRule critical = (LevelRule) AlertRules.shipped("hospital-critical");

    assertThat(STACK.query(EvidenceQuery.of(critical, Place.hospital("E2", "E2-H1"), T0, null)))
        .containsExactly(
            List.of(
                "2026-05-28 20:27:40",
                "4",
                "['overcrowding 15.0 per 100 beds ≥ 14 (level 4)']",
                "[]"));
    assertThat(STACK.query(EvidenceQuery.audit("hospital-critical|E2-H1|t")))
        .extracting(row -> row.get(1) + " " + row.get(2))
        .containsExactly("FIRING 1");
  }
}
