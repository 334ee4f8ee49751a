package se.sakervard.infections;

import java.time.Duration;
import java.util.Locale;

/**
 * What makes infection cases of one unit candidates for one cluster: the same organism, or the same
 * infection type when the organism is not known (docs/indicators.md, infections).
 *
 * @param key {@code organism:<name>} (lower case, spaces collapsed) or {@code
 *     type:<INFECTION_TYPE>}
 */
public record Pathogen(String key) {

  public static Pathogen of(String organism, String infectionType) {
    if (organism != null && !organism.isBlank()) {
      return new Pathogen(
          "organism:" + organism.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
    }
    return new Pathogen("type:" + infectionType);
  }

  /**
   * Caliciviruses (noroviruses and sapoviruses, and a report that names only the family) spread
   * within hours: their clusters use the short window (docs/indicators.md, "Clusters").
   */
  public boolean spreadsFast() {
    return key.startsWith("organism:")
        && (key.contains("noro") || key.contains("sapo") || key.contains("calici"));
  }

  /**
   * Two cases of this pathogen on one unit at most this far apart (by onset) belong to one cluster.
   */
  public Duration window(Duration defaultWindow, Duration fastWindow) {
    return spreadsFast() ? fastWindow : defaultWindow;
  }
}
