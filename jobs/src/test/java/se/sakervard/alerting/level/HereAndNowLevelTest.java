package se.sakervard.alerting.level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.sakervard.alerting.level.LevelInput.ACTIVE_CLUSTERS;
import static se.sakervard.alerting.level.LevelInput.HYGIENE_COMPLIANCE;
import static se.sakervard.alerting.level.LevelInput.OCCUPANCY;
import static se.sakervard.alerting.level.LevelInput.OUTLYING;
import static se.sakervard.alerting.level.LevelInput.OVERCROWDING;
import static se.sakervard.alerting.level.LevelInput.SERIOUS_CARE_INJURIES_7_DAYS;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small places computed by hand against the hospitals' default thresholds:
 *
 * <pre>
 *   input                     level 2   level 3   level 4
 *   occupancy %               ≥ 92.5    ≥ 100     ≥ 114
 *   overcrowding per 100      ≥ 5       ≥ 10      ≥ 14
 *   outlying per 100          ≥ 5       ≥ 10      ≥ 15
 *   serious care inj. 7 days  ≥ 6       ≥ 9       ≥ 12
 *   active clusters           ≥ 8       ≥ 11      ≥ 14     (a unit's: 1, 2, 3)
 *   hygiene compliance %      &lt; 80      &lt; 70      &lt; 60    (judged from 10 observations;
 *                                                             above 2 only from 30, 2 days old)
 * </pre>
 */
class HereAndNowLevelTest {
  private static final LevelThresholds DEFAULTS = LevelThresholds.defaults();

  @Test
  void shouldRaiseTheLevelToTheWorstInput() {
    // A hospital at 96% occupancy (level 2) with 10 overcrowded per 100 beds (level 3: ≥ 10, < 14)
    // and 8 active clusters (level 2): the worst input, overcrowding, decides: level 3.
    HereAndNow h = HereAndNowLevel.of(new LevelInputs(96.0, 10.0, 3.0, 0, 8, 85.0, 12), DEFAULTS);

    assertThat(h.level()).isEqualTo(3);
    assertThat(h.levelName()).isEqualTo("severely strained");
    assertThat(h.reasons().get(0)).isEqualTo(new LevelReason(OVERCROWDING, 10.0, 10.0, 3));
  }

  @Test
  void shouldListEveryCrossingInputWorstFirstThenInInputOrder() {
    // Same hospital: overcrowding at level 3 first, then the two level-2 inputs in input order
    // (occupancy before active clusters). Outlying 3 < 5, no serious deviations, and hygiene
    // 85% from 12 observations is not below 80: no reasons.
    HereAndNow h = HereAndNowLevel.of(new LevelInputs(96.0, 10.0, 3.0, 0, 8, 85.0, 12), DEFAULTS);

    assertThat(h.reasons())
        .containsExactly(
            new LevelReason(OVERCROWDING, 10.0, 10.0, 3),
            new LevelReason(OCCUPANCY, 96.0, 92.5, 2),
            new LevelReason(ACTIVE_CLUSTERS, 8.0, 8.0, 2));
    assertThat(h.notJudged()).isEmpty();
    assertThat(h.explain())
        .isEqualTo(
            "level 3 (severely strained): overcrowding 10.0 ≥ 10 per 100 available beds (level 3);"
                + " occupancy 96.0% ≥ 92.5% (level 2); active infection clusters 8 ≥ 8 (level 2)");
  }

  @Test
  void shouldGiveEachInputTheHighestLevelWhoseThresholdItReaches() {
    // 15 overcrowded per 100 reaches 5, 10 and 14: the reason names 14 and level 4, not 5.
    HereAndNow h = HereAndNowLevel.of(with(OVERCROWDING, 15.0), DEFAULTS);

    assertThat(h.level()).isEqualTo(4);
    assertThat(h.reasons()).containsExactly(new LevelReason(OVERCROWDING, 15.0, 14.0, 4));
  }

  @Test
  void shouldCountAHigherIsWorseValueExactlyAtItsThresholdAsReached() {
    // ≥: exactly 92.5% is level 2, just under is level 1; exactly 100% is level 3, 114% level 4
    // (and 113.9% level 3: above 100% occupancy is overcrowding, whose level 4 is 14 per 100).
    assertThat(level(with(OCCUPANCY, 92.5))).isEqualTo(2);
    assertThat(level(with(OCCUPANCY, 92.49))).isEqualTo(1);
    assertThat(level(with(OCCUPANCY, 100.0))).isEqualTo(3);
    assertThat(level(with(OCCUPANCY, 114.0))).isEqualTo(4);
    assertThat(level(with(OCCUPANCY, 113.9))).isEqualTo(3);
    // Counts: one open serious deviation is level 1, two level 2, three level 3, five level 4.
    assertThat(level(with(SERIOUS_CARE_INJURIES_7_DAYS, 5.0))).isEqualTo(1);
    assertThat(level(with(SERIOUS_CARE_INJURIES_7_DAYS, 6.0))).isEqualTo(2);
    assertThat(level(with(SERIOUS_CARE_INJURIES_7_DAYS, 9.0))).isEqualTo(3);
    assertThat(level(with(SERIOUS_CARE_INJURIES_7_DAYS, 11.0))).isEqualTo(3);
    assertThat(level(with(SERIOUS_CARE_INJURIES_7_DAYS, 12.0))).isEqualTo(4);
    // Outlying: 1 outlier on a 20-bed unit is 5 per 100, level 2; 1 on 25 beds is 4, level 1.
    assertThat(level(with(OUTLYING, 5.0))).isEqualTo(2);
    assertThat(level(with(OUTLYING, 4.0))).isEqualTo(1);
  }

  @Test
  void shouldNotCountHygieneExactlyAtItsThresholdAsBelowIt() {
    // <: 80% is not below 80 (24 of 30 observations: level 1); 79.9% is. 70% is below 80 but not
    // below 70: level 2. 60% level 3; 59.9% level 4 (30 observations: judged in full).
    assertThat(level(hygiene(80.0, 30))).isEqualTo(1);
    assertThat(level(hygiene(79.9, 30))).isEqualTo(2);
    assertThat(level(hygiene(70.0, 30))).isEqualTo(2);
    assertThat(level(hygiene(60.0, 30))).isEqualTo(3);
    assertThat(level(hygiene(59.9, 30))).isEqualTo(4);
  }

  @Test
  void shouldNotJudgeHygieneFromThreeObservations() {
    // 1 of 3 observations correct is 33.3%, which would be level 4, but 3 < 10 observations: the
    // figure moves 33 points with one observation and raises nothing.
    HereAndNow h = HereAndNowLevel.of(hygiene(100.0 / 3, 3), DEFAULTS);

    assertThat(h.level()).isEqualTo(1);
    assertThat(h.reasons()).isEmpty();
    assertThat(h.notJudged()).contains(HYGIENE_COMPLIANCE);
  }

  @Test
  void shouldJudgeHygieneFromTwelveObservationsButHoldItAtLevelTwo() {
    // 9 of 12 correct = 75%: below 80, not below 70: level 2. 8 of 12 = 66.7%: below 70, level 3 by
    // its threshold, but 12 observations are fewer than the firm 30 (one unit's month of
    // sampling): held at 2, and the reason says so.
    HereAndNow nine = HereAndNowLevel.of(hygiene(75.0, 12), DEFAULTS);
    HereAndNow eight = HereAndNowLevel.of(hygiene(800.0 / 12, 12), DEFAULTS);

    assertThat(nine.reasons()).containsExactly(new LevelReason(HYGIENE_COMPLIANCE, 75, 80, 2, 12));
    assertThat(nine.reasons().get(0).explain())
        .isEqualTo("hygiene compliance 75.0% < 80% over 12 observations (level 2)");
    assertThat(eight.level()).isEqualTo(2);
    assertThat(eight.reasons().get(0).explain())
        .isEqualTo(
            "hygiene compliance 66.7% < 70% over 12 observations (level 2, held at 2 from 3:"
                + " fewer than 30 observations)");
  }

  @Test
  void shouldJudgeHygieneFromThirtyFreshObservationsInFull() {
    // 15 of 30 correct = 50%: below 60, level 4, from the firm count of observations and as of
    // the level's own instant.
    HereAndNow h = HereAndNowLevel.of(hygiene(50.0, 30), DEFAULTS);

    assertThat(h.level()).isEqualTo(4);
    assertThat(h.reasons().get(0).explain())
        .isEqualTo("hygiene compliance 50.0% < 60% over 30 observations (level 4)");
  }

  @Test
  void shouldHoldAHygieneFigureTwoDaysOldAtLevelTwo() {
    // The same 15 of 30, but as of 3 days before the level (the infection job lags): older than
    // the 2 days allowed, it raises the level to 2 only. At exactly 2 days it still counts.
    long day = 86_400_000L;
    HereAndNow old =
        HereAndNowLevel.of(new LevelInputs(null, null, null, 0, 0, 50.0, 30, 3 * day), DEFAULTS);
    HereAndNow twoDays =
        HereAndNowLevel.of(new LevelInputs(null, null, null, 0, 0, 50.0, 30, 2 * day), DEFAULTS);

    assertThat(old.level()).isEqualTo(2);
    assertThat(old.reasons().get(0).explain())
        .isEqualTo(
            "hygiene compliance 50.0% < 60% over 30 observations (level 2, held at 2 from 4:"
                + " as of 3 days before)");
    assertThat(twoDays.level()).isEqualTo(4);
  }

  @Test
  void shouldJudgeHygieneFromExactlyTheMinimumObservations() {
    // The minimum is 10: 7 of 10 (70%) counts, level 2; 7 of 9 (77.8%) does not.
    assertThat(level(hygiene(70.0, 10))).isEqualTo(2);
    assertThat(level(hygiene(700.0 / 9, 9))).isEqualTo(1);
  }

  @Test
  void shouldNeverRaiseTheLevelFromUnknownInputs() {
    // Nothing known: level 1, and it says that nothing was judged rather than that all is well.
    HereAndNow nothing = HereAndNowLevel.of(LevelInputs.unknown(), DEFAULTS);

    assertThat(nothing.level()).isEqualTo(1);
    assertThat(nothing.notJudged()).containsExactly(LevelInput.values());
    assertThat(nothing.explain())
        .isEqualTo(
            "level 1 (normal): all judged inputs are below their level-2 thresholds; not judged"
                + " (unknown, or too few hygiene observations): occupancy, overcrowding, outlying"
                + " patients, serious care injuries in 7 days, active infection clusters, hygiene"
                + " compliance");
  }

  @Test
  void shouldJudgeTheKnownInputsWhenOthersAreUnknown() {
    // A unit whose beds are not known has no occupancy or rates; its two active clusters still
    // make it level 3 (a unit's thresholds: 1 / 2 / 3).
    HereAndNow h =
        HereAndNowLevel.of(
            new LevelInputs(null, null, null, 0, 2, null, 0), LevelThresholds.unitDefaults());

    assertThat(h.level()).isEqualTo(3);
    assertThat(h.reasons()).containsExactly(new LevelReason(ACTIVE_CLUSTERS, 2, 2, 3));
    assertThat(h.notJudged())
        .containsExactly(OCCUPANCY, OVERCROWDING, OUTLYING, HYGIENE_COMPLIANCE);
  }

  @Test
  void shouldKeepATypicalWardAtLevelOneWithTheDefaults() {
    // A normal Swedish ward (docs/indicators.md, bed census and infections): 86-90% occupancy, 3
    // overcrowded and 2.2 outlying
    // per 100 beds, one serious case under investigation, no cluster, 8 of 10 hygiene observations
    // correct (80%, near the regions' 79.1%).
    for (double occupancy : new double[] {86.0, 88.0, 90.0}) {
      HereAndNow h =
          HereAndNowLevel.of(new LevelInputs(occupancy, 3.0, 2.2, 1, 0, 80.0, 10), DEFAULTS);

      assertThat(h.level()).as("occupancy %s", occupancy).isEqualTo(1);
      assertThat(h.explain())
          .isEqualTo("level 1 (normal): all inputs are below their level-2 thresholds");
    }
  }

  @Test
  void shouldUseConfiguredThresholds() {
    // With level.occupancy=92.5,95,100, 96.2% reaches 95: level 3 (the defaults would say 2).
    LevelThresholds t = LevelThresholds.from(Map.of("level.occupancy", "92.5,95,100"));

    HereAndNow h = HereAndNowLevel.of(with(OCCUPANCY, 96.2), t);

    assertThat(h.level()).isEqualTo(3);
    assertThat(h.reasons().get(0).explain()).isEqualTo("occupancy 96.2% ≥ 95% (level 3)");
  }

  @Test
  void shouldExplainEachReasonInItsUnit() {
    assertThat(new LevelReason(OVERCROWDING, 25.0 / 3, 5, 2).explain())
        .isEqualTo("overcrowding 8.3 ≥ 5 per 100 available beds (level 2)");
    assertThat(new LevelReason(SERIOUS_CARE_INJURIES_7_DAYS, 3, 3, 3).toString())
        .isEqualTo("serious care injuries in 7 days 3 ≥ 3 (level 3)");
    assertThat(new LevelReason(HYGIENE_COMPLIANCE, 72.0, 80, 2, 12).explain())
        .isEqualTo("hygiene compliance 72.0% < 80% over 12 observations (level 2)");
  }

  @Test
  void shouldPrintEnoughDecimalsForTheComparisonToReadTrue() {
    // 79.96% rounds to 80.0, which is not below 80: print 79.96.
    assertThat(new LevelReason(HYGIENE_COMPLIANCE, 79.96, 80, 2, 2500).explain())
        .isEqualTo("hygiene compliance 79.96% < 80% over 2500 observations (level 2)");
  }

  @Test
  void shouldRejectALevelThatDoesNotMatchItsReasons() {
    List<LevelReason> level3 = List.of(new LevelReason(OCCUPANCY, 100, 100, 3));

    assertThatThrownBy(() -> new HereAndNow(2, level3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HereAndNow(2, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectAnUndefinedRateGivenAsANumber() {
    // Zero available beds: occupancy is undefined (null), not NaN or infinite.
    assertThatThrownBy(() -> new LevelInputs(Double.NaN, null, null, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("occupancy");
    assertThatThrownBy(
            () -> new LevelInputs(null, Double.POSITIVE_INFINITY, null, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overcrowding");
    assertThatThrownBy(() -> new LevelInputs(null, null, null, null, null, 75.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("observations");
  }

  private static int level(LevelInputs inputs) {
    return HereAndNowLevel.of(inputs, DEFAULTS).level();
  }

  /** Only one input known. */
  private static LevelInputs with(LevelInput input, double value) {
    return new LevelInputs(
        input == OCCUPANCY ? value : null,
        input == OVERCROWDING ? value : null,
        input == OUTLYING ? value : null,
        input == SERIOUS_CARE_INJURIES_7_DAYS ? (int) value : null,
        input == ACTIVE_CLUSTERS ? (int) value : null,
        null,
        0);
  }

  private static LevelInputs hygiene(double compliance, int observations) {
    return new LevelInputs(null, null, null, null, null, compliance, observations);
  }
}
