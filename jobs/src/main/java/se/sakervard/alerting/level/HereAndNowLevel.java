package se.sakervard.alerting.level;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The here-and-now level of a place (docs/alerting.md, levels) as plain arithmetic: each known
 * input gets the highest level whose threshold it reaches ({@code ≥} for higher-is-worse inputs,
 * strictly {@code <} for hygiene compliance), and the place gets the worst of its inputs, with
 * every input at level 2 or above as a reason. Unknown inputs, and hygiene compliance from fewer
 * than the minimum observations, never raise a level: a missing or thin figure is no evidence of
 * strain, and the result lists them as not judged instead. A hygiene compliance from fewer than the
 * firm count of observations, or whose as-of lies more than its maximum age behind, raises a level
 * to 2 at most, and its reason says why (docs/alerting.md, "Levels").
 */
public final class HereAndNowLevel {
  private HereAndNowLevel() {}

  /** Reasons by level descending, then in {@link LevelInput} order. */
  private static final Comparator<LevelReason> WORST_FIRST =
      Comparator.comparingInt(LevelReason::level).reversed().thenComparing(LevelReason::input);

  public static HereAndNow of(LevelInputs inputs, LevelThresholds thresholds) {
    List<LevelReason> reasons = new ArrayList<>();
    List<LevelInput> notJudged = new ArrayList<>();
    for (LevelInput input : LevelInput.values()) {
      Double value = inputs.value(input);
      boolean sampled = input == LevelInput.HYGIENE_COMPLIANCE;
      if (value == null
          || (sampled && inputs.hygieneObservations() < thresholds.hygieneMinObservations())) {
        notJudged.add(input);
        continue;
      }
      int level = levelOf(input, value, thresholds.steps(input));
      if (level >= HereAndNow.STRAINED) {
        String heldBack = sampled ? heldBack(inputs, thresholds) : "";
        reasons.add(
            new LevelReason(
                input,
                value,
                thresholds.steps(input).at(level),
                heldBack.isEmpty() ? level : Math.min(level, HereAndNow.STRAINED),
                sampled ? inputs.hygieneObservations() : 0,
                heldBack.isEmpty() || level <= HereAndNow.STRAINED
                    ? ""
                    : "held at 2 from " + level + ": " + heldBack));
      }
    }
    reasons.sort(WORST_FIRST);
    int level = reasons.isEmpty() ? HereAndNow.NORMAL : reasons.get(0).level();
    return new HereAndNow(level, reasons, notJudged);
  }

  /** Why a hygiene compliance may not raise a level above 2, or empty. */
  static String heldBack(LevelInputs inputs, LevelThresholds thresholds) {
    if (inputs.hygieneObservations() < thresholds.hygieneFirmObservations()) {
      return "fewer than " + thresholds.hygieneFirmObservations() + " observations";
    }
    if (inputs.hygieneAgeMs() > thresholds.hygieneMaxAge().toMillis()) {
      long hours = java.time.Duration.ofMillis(inputs.hygieneAgeMs()).toHours();
      return hours >= 48 ? "as of " + hours / 24 + " days before" : "as of " + hours + " h before";
    }
    return "";
  }

  /** The highest of levels 4, 3, 2 whose threshold the value reaches; 1 if none. */
  static int levelOf(LevelInput input, double value, LevelThresholds.Steps steps) {
    for (int level = HereAndNow.CRITICAL; level >= HereAndNow.STRAINED; level--) {
      if (input.direction().reaches(value, steps.at(level))) {
        return level;
      }
    }
    return HereAndNow.NORMAL;
  }
}
