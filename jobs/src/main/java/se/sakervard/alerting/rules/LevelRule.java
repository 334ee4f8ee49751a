package se.sakervard.alerting.rules;

import java.time.Duration;
import se.sakervard.schemas.pipeline.Level;

/**
 * Fires when a place's here-and-now level has been at {@code atLeast} or above for {@code
 * forDuration} (zero: at once), e.g. a hospital at level 4, or at level 3 for six hours; resolves
 * once it has been below that for {@code resolveFor}, so that a level going up and down around the
 * step is one alert, not one page each time.
 *
 * @param placeLevel the places the rule watches: units or hospitals
 */
public record LevelRule(
    String name,
    Level placeLevel,
    int atLeast,
    Duration forDuration,
    Duration resolveFor,
    Urgency urgency,
    String rationale)
    implements AlertRule {

  /** A rule that resolves as soon as the level is below its step. */
  public LevelRule(
      String name,
      Level placeLevel,
      int atLeast,
      Duration forDuration,
      Urgency urgency,
      String rationale) {
    this(name, placeLevel, atLeast, forDuration, Duration.ZERO, urgency, rationale);
  }
}
