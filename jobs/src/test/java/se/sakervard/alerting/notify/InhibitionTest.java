package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.notify.Inhibition.ActiveAlert;
import se.sakervard.alerting.rules.AlertEpisode.Status;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;
import se.sakervard.alerting.rules.Urgency;
import se.sakervard.schemas.pipeline.Level;

class InhibitionTest {
  private static final ThresholdRule HOSPITAL_OVERCROWDING =
      overcrowding("hospital-overcrowding", Level.HOSPITAL, "census.overcrowding_per_100_beds");
  private static final ThresholdRule UNIT_OVERCROWDING =
      overcrowding("unit-overcrowding", Level.UNIT, "census.overcrowding_per_100_beds");
  private static final ThresholdRule UNIT_OUTLYING =
      overcrowding("unit-outlying", Level.UNIT, "census.outlying_per_100_beds");

  private static final ActiveAlert H1_FIRING =
      new ActiveAlert(HOSPITAL_OVERCROWDING, Place.hospital("R1", "R1-H1"), Status.FIRING);

  @Test
  void shouldHoldBackTheMatchingUnitAlertsOfTheSameHospitalOnly() {
    ActiveAlert unitOfH1 =
        new ActiveAlert(UNIT_OVERCROWDING, Place.unit("R1", "R1-H1", "R1-H1-U3"), Status.FIRING);
    ActiveAlert unitOfH2 =
        new ActiveAlert(UNIT_OVERCROWDING, Place.unit("R1", "R1-H2", "R1-H2-U1"), Status.FIRING);
    ActiveAlert otherIndicatorOfH1 =
        new ActiveAlert(UNIT_OUTLYING, Place.unit("R1", "R1-H1", "R1-H1-U3"), Status.FIRING);
    List<ActiveAlert> all = List.of(H1_FIRING, unitOfH1, unitOfH2, otherIndicatorOfH1);

    assertThat(Inhibition.inhibited(unitOfH1, all)).isTrue();
    assertThat(Inhibition.inhibited(unitOfH2, all)).isFalse();
    assertThat(Inhibition.inhibited(otherIndicatorOfH1, all)).isFalse();
    // A unit's alerts never hold back their hospital's.
    assertThat(Inhibition.inhibited(H1_FIRING, all)).isFalse();
  }

  @Test
  void shouldInhibitOnlyWhileTheHospitalAlertFiresOrIsAcknowledged() {
    ActiveAlert unit =
        new ActiveAlert(UNIT_OVERCROWDING, Place.unit("R1", "R1-H1", "R1-H1-U3"), Status.FIRING);
    for (Status s : Status.values()) {
      ActiveAlert hospital =
          new ActiveAlert(HOSPITAL_OVERCROWDING, Place.hospital("R1", "R1-H1"), s);
      assertThat(Inhibition.inhibited(unit, List.of(hospital)))
          .as("hospital alert %s", s)
          .isEqualTo(s == Status.FIRING || s == Status.ACKNOWLEDGED);
    }
  }

  @Test
  void shouldLetAHospitalLevelRuleHoldBackUnitLevelRules() {
    LevelRule hospitalCritical =
        new LevelRule("hospital-critical", Level.HOSPITAL, 4, Duration.ZERO, Urgency.ACT_NOW, "r");
    LevelRule unitCritical =
        new LevelRule("unit-critical", Level.UNIT, 4, Duration.ofHours(2), Urgency.ACT_TODAY, "r");
    ActiveAlert unit =
        new ActiveAlert(unitCritical, Place.unit("R1", "R1-H1", "R1-H1-U3"), Status.FIRING);
    assertThat(
            Inhibition.inhibited(
                unit,
                List.of(
                    new ActiveAlert(
                        hospitalCritical, Place.hospital("R1", "R1-H1"), Status.FIRING))))
        .isTrue();
    assertThat(Inhibition.inhibited(unit, List.of(H1_FIRING))).isFalse();
  }

  @Test
  void shouldLetAFiringHospitalLevelAlertHoldBackTheHospitalsCensusAlertsButNotTheOtherWay() {
    // H1 is critical (its level page gives its overcrowding as a reason): its overcrowding alert,
    // firing an hour later, pages nobody. H2's is not held back by H1's level. An overcrowding
    // alert firing first does not hold back the level alert: a hospital turning critical pages.
    LevelRule hospitalCritical =
        new LevelRule("hospital-critical", Level.HOSPITAL, 4, Duration.ZERO, Urgency.ACT_NOW, "r");
    ActiveAlert h1Critical =
        new ActiveAlert(hospitalCritical, Place.hospital("R1", "R1-H1"), Status.ACKNOWLEDGED);
    ActiveAlert h2Overcrowding =
        new ActiveAlert(HOSPITAL_OVERCROWDING, Place.hospital("R1", "R1-H2"), Status.FIRING);

    assertThat(Inhibition.inhibited(H1_FIRING, List.of(h1Critical))).isTrue();
    assertThat(Inhibition.inhibited(h2Overcrowding, List.of(h1Critical))).isFalse();
    assertThat(Inhibition.inhibited(h1Critical, List.of(H1_FIRING))).isFalse();
  }

  private static ThresholdRule overcrowding(String name, Level level, String indicator) {
    return new ThresholdRule(
        name,
        indicator,
        level,
        "CURRENT",
        true,
        10,
        7,
        Duration.ofHours(2),
        Duration.ZERO,
        0,
        Urgency.ACT_NOW,
        "test");
  }
}
