package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.infections.HygieneStep;
import se.sakervard.schemas.infections.HygieneStepResult;

/** Compliance on all steps versus per group, and how sure a share is. */
class ComplianceTallyTest {

  @Test
  void shouldCountAllStepsApartFromEachGroup() {
    // Four observations: all correct; gloves missed; jewellery worn; both missed.
    ComplianceTally t = ComplianceTally.EMPTY;
    t = t.plus(observed(), 1);
    t = t.plus(observed(HygieneStep.GLOVES), 1);
    t = t.plus(observed(HygieneStep.NO_JEWELLERY), 1);
    t = t.plus(observed(HygieneStep.GLOVES, HygieneStep.NO_JEWELLERY), 1);
    // All steps 1 of 4 (25%); hygiene 2 of 4 (50%); dress code 2 of 4 (50%): all-steps
    // compliance is below either group's, never their average.
    assertThat(t).isEqualTo(new ComplianceTally(4, 1, 2, 2));
    assertThat(ComplianceTally.percent(t.allCorrect(), t.observations())).isEqualTo(25.0);
    assertThat(ComplianceTally.percent(t.hygieneCorrect(), t.observations())).isEqualTo(50.0);
    assertThat(ComplianceTally.percent(0, 0)).isNull();
  }

  @Test
  void shouldShowHowMuchLessSureAShareFromThreeObservationsIsThanOneFromThreeHundred() {
    // 2 of 3 and 200 of 300 are both 66.7%; Wilson 95%: 20.8-93.9% against 61.2-71.7%.
    double[] few = ComplianceTally.wilson95(2, 3);
    double[] many = ComplianceTally.wilson95(200, 300);
    assertThat(few[0]).isCloseTo(20.8, within(0.1));
    assertThat(few[1]).isCloseTo(93.9, within(0.1));
    assertThat(many[0]).isCloseTo(61.2, within(0.1));
    assertThat(many[1]).isCloseTo(71.7, within(0.1));
    assertThat(ComplianceTally.wilson95(0, 0)).isNull();
    assertThat(ComplianceTally.wilson95(3, 3)[1]).isEqualTo(100.0);
  }

  @Test
  void shouldRejectAnObservationWithAStepMissingOrTwice() {
    List<HygieneStepResult> seven = new ArrayList<>(results());
    seven.remove(0);
    assertThatThrownBy(() -> HygieneSteps.of(seven))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HAND_DISINFECTION_BEFORE")
        .hasMessageContaining("missing");
    List<HygieneStepResult> twice = new ArrayList<>(results());
    twice.set(0, twice.get(1));
    assertThatThrownBy(() -> HygieneSteps.of(twice)).hasMessageContaining("twice");
  }

  private static HygieneSteps observed(HygieneStep... wrong) {
    List<HygieneStepResult> results = results();
    for (HygieneStepResult r : results) {
      r.setCorrect(!List.of(wrong).contains(r.getStep()));
    }
    return HygieneSteps.of(results);
  }

  private static List<HygieneStepResult> results() {
    List<HygieneStepResult> results = new ArrayList<>();
    for (HygieneStep s : HygieneStep.values()) {
      results.add(new HygieneStepResult(s, true));
    }
    return results;
  }
}
