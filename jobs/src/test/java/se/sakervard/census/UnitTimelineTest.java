package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitTimelineTest {
  private static final long H = CensusCalendar.HOUR;
  private static final long MIDNIGHT = 0;

  @Test
  void shouldIncludeChangesAtTheInstantInTheCountsAtThatInstant() {
    UnitTimeline unit = new UnitTimeline();
    unit.setAvailableBeds(MIDNIGHT, 10, "beds-1");
    unit.addOccupancy(2 * H, +1, 0);

    assertThat(unit.countsAt(2 * H - 1).occupied()).isZero();
    assertThat(unit.countsAt(2 * H).occupied()).isEqualTo(1);
    assertThat(unit.countsAt(2 * H).available()).isEqualTo(10);
  }

  @Test
  void shouldAverageOverTimeNotOverEvents() {
    // Hour [0h, 1h): 10 beds throughout; 12 patients for the first 15 minutes, then 8.
    // Mean occupied = 12 × 0.25 + 8 × 0.75 = 9; overcrowded = max(0, 12 − 10) × 0.25 = 0.5,
    // because overcrowding is integrated moment by moment, not taken from the means (9 < 10).
    UnitTimeline unit = new UnitTimeline();
    unit.setAvailableBeds(MIDNIGHT, 10, "beds-1");
    unit.addOccupancy(MIDNIGHT, 12, 1);
    unit.addOccupancy(H / 4, -4, -1);

    UnitTimeline.Means hour = unit.meansOver(MIDNIGHT, H);

    assertThat(hour.occupied()).isCloseTo(9.0, within(1e-9));
    assertThat(hour.overcrowded()).isCloseTo(0.5, within(1e-9));
    assertThat(hour.available()).isCloseTo(10.0, within(1e-9));
    assertThat(hour.outlying()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void shouldGiveTheSameFiguresWhateverOrderChangesArriveIn() {
    UnitTimeline inOrder = new UnitTimeline();
    inOrder.setAvailableBeds(MIDNIGHT, 2, "b");
    inOrder.addOccupancy(H, +1, 0);
    inOrder.addOccupancy(2 * H, +1, +1);
    inOrder.addOccupancy(3 * H, -1, 0);
    UnitTimeline shuffled = new UnitTimeline();
    shuffled.addOccupancy(3 * H, -1, 0);
    shuffled.addOccupancy(2 * H, +1, +1);
    shuffled.setAvailableBeds(MIDNIGHT, 2, "b");
    shuffled.addOccupancy(H, +1, 0);

    assertThat(shuffled.meansOver(MIDNIGHT, 4 * H)).isEqualTo(inOrder.meansOver(MIDNIGHT, 4 * H));
    assertThat(shuffled.countsAt(2 * H)).isEqualTo(inOrder.countsAt(2 * H));
  }

  @Test
  void shouldLeaveBedFiguresUnknownUntilTheBedsAreKnown() {
    // Beds become known half-way through the hour: occupied is averaged over the hour (2 × 1.0),
    // available only over the known half, divided by the whole hour (10 × 0.5 = 5).
    UnitTimeline unit = new UnitTimeline();
    unit.addOccupancy(MIDNIGHT, 2, 0);
    assertThat(unit.meansOver(MIDNIGHT, H / 2).available()).isNull();
    unit.setAvailableBeds(H / 2, 10, "beds-1");

    UnitTimeline.Means hour = unit.meansOver(MIDNIGHT, H);

    assertThat(hour.occupied()).isCloseTo(2.0, within(1e-9));
    assertThat(hour.available()).isCloseTo(5.0, within(1e-9));
    assertThat(unit.countsAt(MIDNIGHT).available()).isNull();
  }

  @Test
  void shouldKeepTheSameFiguresAfterCompactingOldChanges() {
    UnitTimeline unit = new UnitTimeline();
    unit.setAvailableBeds(MIDNIGHT, 5, "b");
    unit.addOccupancy(H, 3, 1);
    unit.addOccupancy(5 * H, 4, 0);
    UnitTimeline.Means before = unit.meansOver(4 * H, 6 * H);
    long recordsBefore = unit.records();

    unit.compactBefore(4 * H);

    assertThat(unit.steps).hasSize(1);
    assertThat(unit.meansOver(4 * H, 6 * H)).isEqualTo(before);
    assertThat(unit.records()).isEqualTo(recordsBefore);
  }

  @Test
  void shouldResolveTwoBedChangesAtOneInstantByEventIdInAnyOrder() {
    UnitTimeline ab = new UnitTimeline();
    ab.setAvailableBeds(H, 10, "a");
    ab.setAvailableBeds(H, 12, "b");
    UnitTimeline ba = new UnitTimeline();
    ba.setAvailableBeds(H, 12, "b");
    ba.setAvailableBeds(H, 10, "a");

    assertThat(ab.countsAt(H).available()).isEqualTo(12);
    assertThat(ba.countsAt(H).available()).isEqualTo(12);
  }
}
