package se.sakervard.infections;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.sakervard.schemas.infections.HygieneStep;
import se.sakervard.schemas.infections.HygieneStepResult;

/**
 * One hygiene and dress-code observation (PPM-BHK): correct on all 8 steps, on the 4 hygiene steps,
 * on the 4 dress-code steps.
 */
public record HygieneSteps(boolean allCorrect, boolean hygieneCorrect, boolean dressCodeCorrect) {
  /** Basala hygienrutiner: hand disinfection before and after, gloves, apron. */
  static final Set<HygieneStep> HYGIENE =
      EnumSet.of(
          HygieneStep.HAND_DISINFECTION_BEFORE,
          HygieneStep.HAND_DISINFECTION_AFTER,
          HygieneStep.GLOVES,
          HygieneStep.APRON);

  /** Klädregler: short sleeves, no jewellery, nails, hair. */
  static final Set<HygieneStep> DRESS_CODE = EnumSet.complementOf(EnumSet.copyOf(HYGIENE));

  /**
   * The observation's results.
   *
   * @throws IllegalArgumentException naming the missing or repeated steps unless each of the 8
   *     steps is there exactly once (an observation with a step missing says nothing about "all
   *     steps")
   */
  public static HygieneSteps of(List<HygieneStepResult> steps) {
    Map<HygieneStep, Boolean> results = new EnumMap<>(HygieneStep.class);
    for (HygieneStepResult r : steps) {
      if (results.put(r.getStep(), r.getCorrect()) != null) {
        throw new IllegalArgumentException("step " + r.getStep() + " is there twice");
      }
    }
    Set<HygieneStep> missing = EnumSet.allOf(HygieneStep.class);
    missing.removeAll(results.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "steps " + missing + " are missing; an observation has all 8 steps");
    }
    boolean hygiene = HYGIENE.stream().allMatch(results::get);
    boolean dress = DRESS_CODE.stream().allMatch(results::get);
    return new HygieneSteps(hygiene && dress, hygiene, dress);
  }
}
