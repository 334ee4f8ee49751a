package se.sakervard.alerting.input;

import java.util.ArrayList;
import java.util.List;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.level.LevelUpdate;
import se.sakervard.alerting.rules.AlertRule;
import se.sakervard.alerting.rules.EventRule;
import se.sakervard.alerting.rules.RuleInput;
import se.sakervard.deviations.DeviationInput;

/**
 * The events that fire event rules: a deviation case classified as a serious care injury (allvarlig
 * vårdskada) or filed under lex Maria, an infection cluster opened or grown. Each is its own alert,
 * on the unit, keyed by the case reference or the cluster id.
 */
public final class EventInputs {
  private EventInputs() {}

  public static List<RuleInput> of(DeviationInput d, List<AlertRule> rules) {
    EventRule.Kind kind =
        d.kind() == DeviationInput.Kind.CLASSIFIED && Boolean.TRUE.equals(d.seriousCareInjury())
            ? EventRule.Kind.SERIOUS_CARE_INJURY
            : d.kind() == DeviationInput.Kind.LEX_MARIA_FILED
                ? EventRule.Kind.LEX_MARIA_FILED
                : null;
    if (kind == null) {
      return List.of();
    }
    return inputs(
        rules,
        kind,
        Place.unit(d.regionCode(), d.hospitalCode(), d.unitCode()),
        d.caseRef(),
        d.eventTime(),
        d.occurredTime());
  }

  public static List<RuleInput> of(LevelUpdate cluster, List<AlertRule> rules) {
    if ("DISSOLVED".equals(cluster.clusterChange())) {
      // Its cases withdrawn or corrected away: the cluster's alerts resolve (no more escalation).
      List<RuleInput> inputs = new ArrayList<>();
      for (EventRule.Kind k : List.of(EventRule.Kind.CLUSTER_OPENED, EventRule.Kind.CLUSTER_GREW)) {
        for (EventRule rule : RuleInput.eventRules(rules, k)) {
          inputs.add(
              RuleInput.eventWithdrawn(rule, cluster.place(), cluster.clusterId(), cluster.at()));
        }
      }
      return inputs;
    }
    EventRule.Kind kind =
        switch (String.valueOf(cluster.clusterChange())) {
          case "OPENED" -> EventRule.Kind.CLUSTER_OPENED;
          case "GREW" -> EventRule.Kind.CLUSTER_GREW;
          default -> null;
        };
    if (kind == null) {
      return List.of();
    }
    return inputs(rules, kind, cluster.place(), cluster.clusterId(), cluster.at(), null);
  }

  private static List<RuleInput> inputs(
      List<AlertRule> rules, EventRule.Kind kind, Place place, String ref, long at, Long occurred) {
    List<RuleInput> inputs = new ArrayList<>();
    for (EventRule rule : RuleInput.eventRules(rules, kind)) {
      inputs.add(RuleInput.event(rule, place, ref, at, occurred));
    }
    return inputs;
  }
}
