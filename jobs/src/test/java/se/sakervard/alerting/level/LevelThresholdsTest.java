package se.sakervard.alerting.level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.level.LevelThresholds.Steps;

class LevelThresholdsTest {

  @Test
  void shouldHaveTheDocumentedDefaults() {
    LevelThresholds d = LevelThresholds.defaults();

    assertThat(d.occupancy()).isEqualTo(new Steps(92.5, 100, 114));
    assertThat(d.overcrowding()).isEqualTo(new Steps(5, 10, 14));
    assertThat(d.outlying()).isEqualTo(new Steps(5, 10, 15));
    assertThat(d.seriousCareInjuries7Days()).isEqualTo(new Steps(6, 9, 12));
    assertThat(d.activeClusters()).isEqualTo(new Steps(8, 11, 14));
    assertThat(d.hygieneCompliance()).isEqualTo(new Steps(80, 70, 60));
    assertThat(d.hygieneMinObservations()).isEqualTo(10);
  }

  @Test
  void shouldGiveUnitsTheirOwnThresholdsWhereOnePatientMovesARateByFivePer100() {
    LevelThresholds u = LevelThresholds.unitDefaults();

    assertThat(u.occupancy()).isEqualTo(new Steps(100, 120, 130));
    assertThat(u.overcrowding()).isEqualTo(new Steps(10, 20, 30));
    assertThat(u.outlying()).isEqualTo(new Steps(10, 20, 30));
    assertThat(u.seriousCareInjuries7Days()).isEqualTo(new Steps(2, 3, 4));
    assertThat(u.activeClusters()).isEqualTo(new Steps(1, 2, 3));
    assertThat(u.hygieneCompliance()).isEqualTo(LevelThresholds.DEFAULT_HYGIENE_COMPLIANCE);
    // A 20-bed ward with 21 patients (105%, 1 overcrowded: 5 per 100) is strained, not severely
    // strained as a hospital at 105% would be.
    LevelInputs oneTooMany = new LevelInputs(105.0, 5.0, 0.0, 0, 0, null, 0);
    assertThat(HereAndNowLevel.of(oneTooMany, u).level()).isEqualTo(2);
    assertThat(HereAndNowLevel.of(oneTooMany, LevelThresholds.defaults()).level()).isEqualTo(3);
  }

  @Test
  void shouldReadTheUnitsKeysApartFromTheHospitals() {
    Map<String, String> config =
        Map.of("level.occupancy", "90,95,100", "level.unit.occupancy", "95,105,115");

    PlaceThresholds t = PlaceThresholds.from(config);

    assertThat(t.hospitals().occupancy()).isEqualTo(new Steps(90, 95, 100));
    assertThat(t.units().occupancy()).isEqualTo(new Steps(95, 105, 115));
    assertThat(t.units().overcrowding()).isEqualTo(new Steps(10, 20, 30));
    assertThat(t.of(se.sakervard.schemas.pipeline.Level.UNIT)).isEqualTo(t.units());
    assertThat(t.of(se.sakervard.schemas.pipeline.Level.HOSPITAL)).isEqualTo(t.hospitals());
    // A unit key is named as it was written.
    assertThatThrownBy(() -> PlaceThresholds.from(Map.of("level.unit.occupancy", "95,90")))
        .hasMessageStartingWith("level.unit.occupancy: 2 values, not 3;");
    assertThatThrownBy(() -> PlaceThresholds.from(Map.of("level.unit.occupancy-percent", "1,2,3")))
        .hasMessageStartingWith("level.unit.occupancy-percent: unknown key");
  }

  @Test
  void shouldTakeTheDefaultForEveryMissingKey() {
    assertThat(LevelThresholds.from(Map.of())).isEqualTo(LevelThresholds.defaults());
    // Keys of other parts of the configuration are none of its business.
    assertThat(LevelThresholds.from(Map.of("alert.repeat-interval", "PT4H")))
        .isEqualTo(LevelThresholds.defaults());
  }

  @Test
  void shouldReadEveryKey() {
    LevelThresholds t =
        LevelThresholds.from(
            Map.of(
                "level.occupancy", "92.5,95,100",
                "level.overcrowding", " 4, 8 ,12 ",
                "level.outlying", "3,6,9",
                "level.serious-care-injuries-7-days", "1,2,4",
                "level.active-clusters", "2,3,4",
                "level.hygiene-compliance", "85,75,0",
                "level.hygiene-min-observations", "20"));

    assertThat(t)
        .isEqualTo(
            new LevelThresholds(
                new Steps(92.5, 95, 100),
                new Steps(4, 8, 12),
                new Steps(3, 6, 9),
                new Steps(1, 2, 4),
                new Steps(2, 3, 4),
                new Steps(85, 75, 0),
                20));
  }

  @Test
  void shouldKeepTheDefaultsOfTheKeysNotGiven() {
    LevelThresholds t = LevelThresholds.from(Map.of("level.outlying", "3,6,9"));

    assertThat(t.outlying()).isEqualTo(new Steps(3, 6, 9));
    assertThat(t.occupancy()).isEqualTo(LevelThresholds.DEFAULT_OCCUPANCY);
    assertThat(t.hygieneMinObservations()).isEqualTo(10);
  }

  @Test
  void shouldNameTheKeyWhatIsWrongAndWhatIsExpected() {
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.occupancy", "95,90")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "level.occupancy: 2 values, not 3; expected three numbers above 0 for levels 2, 3 and"
                + " 4, ascending, e.g. 92.5,100,114; was '95,90'");
  }

  @Test
  void shouldRejectThresholdsOutOfOrder() {
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.occupancy", "95,90,100")))
        .hasMessageStartingWith("level.occupancy: not ascending;")
        .hasMessageEndingWith("was '95,90,100'");
    // Equal thresholds would leave a level that can never be reached.
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.overcrowding", "5,5,14")))
        .hasMessageStartingWith("level.overcrowding: not ascending;");
    // Hygiene is lower-is-worse: its thresholds descend.
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.hygiene-compliance", "60,70,80")))
        .hasMessage(
            "level.hygiene-compliance: not descending; expected three percentages from 0 to 100"
                + " for levels 2, 3 and 4, descending, e.g. 80,70,60; was '60,70,80'");
  }

  @Test
  void shouldRejectWhatIsNotANumber() {
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.outlying", "5,ten,15")))
        .hasMessageStartingWith("level.outlying: 'ten' is not a number;");
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.outlying", "5,NaN,15")))
        .hasMessageStartingWith("level.outlying: 'NaN' is not a number;");
    // A decimal comma splits into four values.
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.occupancy", "92,5,100,110")))
        .hasMessageStartingWith("level.occupancy: 4 values, not 3;");
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.occupancy", "")))
        .hasMessageStartingWith("level.occupancy: 1 value, not 3;");
  }

  @Test
  void shouldRejectValuesOutsideTheirRange() {
    assertThatThrownBy(
            () -> LevelThresholds.from(Map.of("level.serious-care-injuries-7-days", "1.5,3,5")))
        .hasMessage(
            "level.serious-care-injuries-7-days: 1.5 is not a whole number ≥ 1; expected three whole"
                + " numbers ≥ 1 for levels 2, 3 and 4, ascending, e.g. 6,9,12; was '1.5,3,5'");
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.active-clusters", "0,1,2")))
        .hasMessageStartingWith("level.active-clusters: 0 is not a whole number ≥ 1;");
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.hygiene-compliance", "120,70,60")))
        .hasMessageStartingWith("level.hygiene-compliance: 120 is not a percentage from 0 to 100;");
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.occupancy", "0,95,100")))
        .hasMessageStartingWith("level.occupancy: 0 is not above 0");
  }

  @Test
  void shouldRejectABadMinimumOfHygieneObservations() {
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.hygiene-min-observations", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "level.hygiene-min-observations: not a whole number ≥ 1; expected the number of"
                + " hygiene observations below which compliance is not judged, e.g. 10; was"
                + " 'ten'");
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.hygiene-min-observations", "0")))
        .hasMessageStartingWith("level.hygiene-min-observations: not a whole number ≥ 1;");
  }

  @Test
  void shouldCheckThresholdsBuiltInCodeAsFromDoes() {
    LevelThresholds d = LevelThresholds.defaults();

    assertThatThrownBy(
            () ->
                new LevelThresholds(
                    new Steps(95, 90, 100),
                    d.overcrowding(),
                    d.outlying(),
                    d.seriousCareInjuries7Days(),
                    d.activeClusters(),
                    d.hygieneCompliance(),
                    10))
        .hasMessageStartingWith("level.occupancy: not ascending;")
        .hasMessageEndingWith("was '95,90,100'");
  }

  @Test
  void shouldLetAZeroLevelFourHygieneThresholdKeepHygieneFromMakingAPlaceCritical() {
    // Nothing is below 0%: 0 of 30 observations correct is level 3 (below 70), never 4.
    LevelThresholds t = LevelThresholds.from(Map.of("level.hygiene-compliance", "80,70,0"));

    HereAndNow h = HereAndNowLevel.of(new LevelInputs(null, null, null, null, null, 0.0, 30), t);

    assertThat(h.level()).isEqualTo(3);
  }

  @Test
  void shouldReadTheFirmObservationsAndMaximumAgeOfHygiene() {
    LevelThresholds t =
        LevelThresholds.from(
            Map.of("level.hygiene-firm-observations", "20", "level.hygiene-max-age", "36 h"));

    assertThat(t.hygieneFirmObservations()).isEqualTo(20);
    assertThat(t.hygieneMaxAge()).isEqualTo(java.time.Duration.ofHours(36));
    assertThat(LevelThresholds.defaults().hygieneFirmObservations()).isEqualTo(30);
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.hygiene-max-age", "soon")))
        .hasMessage(
            "level.hygiene-max-age: expected a positive duration such as 2 d or 36 h, was 'soon'");
  }

  @Test
  void shouldRejectAMisspeltKeyRatherThanKeepTheDefaultSilently() {
    assertThatThrownBy(() -> LevelThresholds.from(Map.of("level.occupancy-percent", "90,95,100")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("level.occupancy-percent: unknown key");
  }
}
