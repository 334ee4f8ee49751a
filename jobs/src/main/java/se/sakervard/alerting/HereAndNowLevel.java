package se.sakervard.alerting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The here-and-now level of a place (domain.md §4) as plain arithmetic: each known input gets the
 * highest level whose threshold it reaches ({@code ≥} for higher-is-worse inputs, strictly {@code
 * <} for hygiene compliance), and the place gets the worst of its inputs, with every input at level
 * 2 or above as a reason. Unknown inputs, and hygiene compliance from fewer than the minimum
 * observations, never raise a level: a missing or thin figure is no evidence of strain, and the
 * result lists them as not judged instead.
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
        reasons.add(
            new LevelReason(
                input,
                value,
                thresholds.steps(input).at(level),
                level,
                sampled ? inputs.hygieneObservations() : 0));
      }
    }
    reasons.sort(WORST_FIRST);
    int level = reasons.isEmpty() ? HereAndNow.NORMAL : reasons.get(0).level();
    return new HereAndNow(level, reasons, notJudged);
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
