package se.sakervard.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.pipeline.Level;

class AlertRulesTest {

  @Test
  void shouldLoadEveryShippedRuleWithItsRationale() {
    List<AlertRule> rules = AlertRules.defaults();
    assertThat(rules).extracting(AlertRule::name).doesNotHaveDuplicates();
    assertThat(rules).allSatisfy(r -> assertThat(r.rationale()).isNotBlank());
    assertThat(rules)
        .filteredOn(r -> r.name().equals("hospital-overcrowding"))
        .containsExactly(
            new ThresholdRule(
                "hospital-overcrowding",
                "census.overcrowding_per_100_beds",
                Level.HOSPITAL,
                "CURRENT",
                true,
                10,
                7,
                Duration.ofHours(2),
                Duration.ZERO,
                0,
                Urgency.ACT_NOW,
                rules.stream()
                    .filter(r -> r.name().equals("hospital-overcrowding"))
                    .findFirst()
                    .orElseThrow()
                    .rationale()));
    // Every kind is shipped, and rules to act on today outnumber those that page (alarm fatigue).
    assertThat(rules).hasAtLeastOneElementOfType(EventRule.class);
    assertThat(rules).hasAtLeastOneElementOfType(LevelRule.class);
    assertThat(rules.stream().filter(r -> r.urgency() == Urgency.ACT_TODAY).count())
        .isGreaterThan(rules.stream().filter(r -> r.urgency() == Urgency.ACT_NOW).count());
    // A serious care injury pages only while fresh: within 24 h of the event.
    assertThat(((EventRule) AlertRules.shipped("serious-care-injury")).actNowWithin())
        .isEqualTo(Duration.ofHours(24));
    assertThat(((EventRule) AlertRules.shipped("cluster-opened")).actNowWithin())
        .isEqualTo(EventRule.ALWAYS);
  }

  @Test
  void shouldReadAHygieneRuleWhereLowerIsWorse() throws IOException {
    List<AlertRule> rules =
        AlertRules.parse(
            properties(
                """
                rule.hygiene.kind = threshold
                rule.hygiene.indicator = infections.hygiene_all_steps_percent
                rule.hygiene.place = unit
                rule.hygiene.period = ROLLING_30_DAYS
                rule.hygiene.fire-below = 70
                rule.hygiene.resolve-above = 80
                rule.hygiene.for = 0 s
                rule.hygiene.urgency = act-today
                rule.hygiene.rationale = below the regions' 79.1%
                """),
            "test");
    ThresholdRule r = (ThresholdRule) rules.get(0);
    AlertCondition c = AlertCondition.of(r);
    assertThat(c.breaches(70)).isTrue();
    assertThat(c.breaches(71)).isFalse();
    assertThat(c.clears(79.9)).isFalse();
    assertThat(c.clears(80)).isTrue();
  }

  @Test
  void shouldNameTheRuleAndTheFieldOfEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                AlertRules.parse(
                    properties(
                        """
                        rule.overcrowding.kind = threshold
                        rule.overcrowding.indicator = census.overcrowdng_per_100_beds
                        rule.overcrowding.place = ward
                        rule.overcrowding.fire-above = ten
                        rule.overcrowding.resolve-below = 7
                        rule.overcrowding.for = 2 hours and a bit
                        rule.overcrowding.urgency = urgent
                        rule.overcrowding.rationale = test
                        rule.overcrowding.fire-abov = 10
                        rule.hysteresis.kind = threshold
                        rule.hysteresis.indicator = census.occupancy_percent
                        rule.hysteresis.place = hospital
                        rule.hysteresis.fire-above = 95
                        rule.hysteresis.resolve-below = 97
                        rule.hysteresis.for = 1 h
                        rule.hysteresis.urgency = act-today
                        rule.hysteresis.rationale = test
                        rule.rolling.kind = threshold
                        rule.rolling.indicator = census.overcrowding_per_100_beds
                        rule.rolling.place = unit
                        rule.rolling.period = ROLLING_24H
                        rule.rolling.fire-above = 10
                        rule.rolling.resolve-below = 7
                        rule.rolling.for = 0 s
                        rule.rolling.urgency = act-today
                        rule.rolling.rationale = test
                        rule.cluster.kind = event
                        rule.cluster.event = outbreak
                        rule.cluster.urgency = act-today
                        rule.cluster.act-now-within = 24 h
                        Rule.Bad.kind = level
                        """),
                    "rules.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid alert rules in rules.properties:")
        .hasMessageContaining(
            "rule 'overcrowding', field 'indicator': unknown indicator 'census.overcrowdng_per_100_beds'")
        .hasMessageContaining(
            "rule 'overcrowding', field 'place': expected unit, hospital or region, was 'ward'")
        .hasMessageContaining(
            "rule 'overcrowding', field 'fire-above': expected a number, was 'ten'")
        .hasMessageContaining("rule 'overcrowding', field 'for': expected a duration")
        .hasMessageContaining(
            "rule 'overcrowding', field 'urgency': expected act-now, act-today or know, was 'urgent'")
        .hasMessageContaining(
            "rule 'cluster', field 'act-now-within': applies to an act-now serious-care-injury"
                + " rule only")
        .hasMessageContaining(
            "rule 'overcrowding', field 'fire-abov': unknown field for a threshold rule")
        .hasMessageContaining(
            "rule 'hysteresis', field 'resolve-below': must be on the safe side of the firing"
                + " threshold (at most 95.0), was 97.0")
        .hasMessageContaining(
            "rule 'rolling', field 'period': the census publishes its indicators for [CURRENT,"
                + " DAY] only, not ROLLING_24H")
        .hasMessageContaining(
            "rule 'cluster', field 'event': expected serious-care-injury, lex-maria-filed,"
                + " cluster-opened or cluster-grew, was 'outbreak'")
        .hasMessageContaining("rule 'cluster', field 'rationale': missing")
        .hasMessageContaining("key 'Rule.Bad.kind': expected rule.<name>.<field>");
  }

  @Test
  void shouldRejectAFileWithoutRules() {
    assertThatThrownBy(() -> AlertRules.parse(new Properties(), "empty.properties"))
        .hasMessageContaining("no rules");
  }

  private static Properties properties(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
