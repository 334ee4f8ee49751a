package se.sakervard.alerting;

/**
 * Fires at once on an event that needs a physician's attention whatever the numbers say: a case
 * classified as a serious care injury (allvarlig vårdskada), a lex Maria report, an infection
 * cluster opened or grown.
 */
public record EventRule(String name, Kind event, Severity severity, String rationale)
    implements AlertRule {

  public enum Kind {
    SERIOUS_CARE_INJURY,
    LEX_MARIA_FILED,
    CLUSTER_OPENED,
    CLUSTER_GREW
  }
}
