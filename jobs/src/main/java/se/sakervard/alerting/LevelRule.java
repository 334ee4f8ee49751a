package se.sakervard.alerting;

import java.time.Duration;
import se.sakervard.schemas.pipeline.Level;

/**
 * Fires when a place's here-and-now level has been at {@code atLeast} or above for {@code
 * forDuration} (zero: at once), e.g. a hospital at level 4, or at level 3 for six hours.
 *
 * @param placeLevel the places the rule watches: units or hospitals
 */
public record LevelRule(
    String name,
    Level placeLevel,
    int atLeast,
    Duration forDuration,
    Urgency urgency,
    String rationale)
    implements AlertRule {}
