package se.sakervard.alerting.rules;

/**
 * A rule of the alert configuration ({@link AlertRules}): what makes an alert, how severe it is,
 * and why the rule exists (the rationale travels with every notification it causes).
 */
@org.apache.flink.api.common.typeinfo.TypeInfo(AlertRuleSerializer.Factory.class)
public sealed interface AlertRule extends java.io.Serializable
    permits ThresholdRule, EventRule, LevelRule {
  /** Unique, lower-case words joined by hyphens: part of every deduplication key. */
  String name();

  Urgency urgency();

  /** One line on why the rule exists and where its numbers come from. */
  String rationale();
}
