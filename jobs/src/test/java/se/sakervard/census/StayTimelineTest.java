package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StayTimelineTest {
  private static final long ADMITTED = 1_000;
  private static final long TRANSFERRED = 2_000;
  private static final long DISCHARGED = 3_000;

  // Admitted to surgery's ward lying on medicine (outlying), moved home to surgery, discharged.
  private static final Placement OUTLYING_ON_MEDICINE = new Placement("R1", "H1", "MED", "SURG");
  private static final Placement ON_SURGERY = new Placement("R1", "H1", "SURG", "SURG");
  // MED: +1 occupied +1 outlying at admission, both −1 at transfer. SURG: +1 at transfer, −1 at
  // discharge.
  private static final Map<String, String> IN_ORDER_NET_CHANGES =
      Map.of(
          "MED@1000", "occupied+1 outlying+1",
          "MED@2000", "occupied-1 outlying-1",
          "SURG@2000", "occupied+1 outlying+0",
          "SURG@3000", "occupied-1 outlying+0");

  @Test
  void shouldMovePatientsBetweenUnitsInOrder() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.place(new StayTimeline.Key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE));
    changes.addAll(stay.place(new StayTimeline.Key(TRANSFERRED, "e2"), ON_SURGERY));
    changes.addAll(stay.place(new StayTimeline.Key(DISCHARGED, "e3"), null));

    assertThat(netByUnitAndTime(changes)).containsExactlyInAnyOrderEntriesOf(IN_ORDER_NET_CHANGES);
  }

  @Test
  void shouldEndWithTheSameUnitCountsWhenTheEventsArriveBackwards() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.place(new StayTimeline.Key(DISCHARGED, "e3"), null));
    changes.addAll(stay.place(new StayTimeline.Key(TRANSFERRED, "e2"), ON_SURGERY));
    changes.addAll(stay.place(new StayTimeline.Key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE));

    // The corrections sum to exactly the in-order changes above.
    assertThat(netByUnitAndTime(changes)).containsExactlyInAnyOrderEntriesOf(IN_ORDER_NET_CHANGES);
  }

  @Test
  void shouldChangeNothingForARepeatedEvent() {
    StayTimeline stay = new StayTimeline();
    stay.place(new StayTimeline.Key(ADMITTED, "e1"), ON_SURGERY);

    assertThat(stay.place(new StayTimeline.Key(ADMITTED, "e1"), ON_SURGERY)).isEmpty();
  }

  @Test
  void shouldForgetADischargedStayOnceItIsPastCorrection() {
    StayTimeline stay = new StayTimeline();
    stay.place(new StayTimeline.Key(ADMITTED, "e1"), ON_SURGERY);
    stay.place(new StayTimeline.Key(DISCHARGED, "e3"), null);

    assertThat(stay.forgetBefore(DISCHARGED)).as("discharge not yet past").isFalse();
    assertThat(stay.entries).hasSize(2);
    assertThat(stay.forgetBefore(DISCHARGED + 1)).isTrue();
    assertThat(stay.entries).isEmpty();
  }

  @Test
  void shouldKeepWhereAnOngoingStayIsWhenForgettingItsPast() {
    StayTimeline stay = new StayTimeline();
    stay.place(new StayTimeline.Key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE);
    stay.place(new StayTimeline.Key(TRANSFERRED, "e2"), ON_SURGERY);

    assertThat(stay.forgetBefore(DISCHARGED)).isFalse();

    assertThat(stay.entries.values()).containsExactly(new StayTimeline.Entry(ON_SURGERY));
  }

  /** Net change per unit and instant, zero nets left out. */
  private static Map<String, String> netByUnitAndTime(List<UnitChange> changes) {
    Map<String, int[]> net = new TreeMap<>();
    for (UnitChange c : changes) {
      int[] sums = net.computeIfAbsent(c.unitCode() + "@" + c.time(), k -> new int[2]);
      sums[0] += c.occupiedDelta();
      sums[1] += c.outlyingDelta();
    }
    Map<String, String> result = new TreeMap<>();
    net.forEach(
        (k, v) -> {
          if (v[0] != 0 || v[1] != 0) {
            result.put(k, String.format("occupied%+d outlying%+d", v[0], v[1]));
          }
        });
    return result;
  }
}
