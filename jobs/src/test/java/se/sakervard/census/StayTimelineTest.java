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
    changes.addAll(stay.place(key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE));
    changes.addAll(stay.place(key(TRANSFERRED, "e2"), ON_SURGERY));
    changes.addAll(stay.place(key(DISCHARGED, "e3"), null));

    assertThat(netByUnitAndTime(changes)).containsExactlyInAnyOrderEntriesOf(IN_ORDER_NET_CHANGES);
  }

  @Test
  void shouldEndWithTheSameUnitCountsWhenTheEventsArriveBackwards() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.place(key(DISCHARGED, "e3"), null));
    changes.addAll(stay.place(key(TRANSFERRED, "e2"), ON_SURGERY));
    changes.addAll(stay.place(key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE));

    // The corrections sum to exactly the in-order changes above.
    assertThat(netByUnitAndTime(changes)).containsExactlyInAnyOrderEntriesOf(IN_ORDER_NET_CHANGES);
  }

  @Test
  void shouldChangeNothingForARepeatedEvent() {
    StayTimeline stay = new StayTimeline();
    stay.place(key(ADMITTED, "e1"), ON_SURGERY);

    assertThat(stay.place(key(ADMITTED, "e1"), ON_SURGERY)).isEmpty();
  }

  @Test
  void shouldForgetADischargedStayOnceItIsPastCorrection() {
    StayTimeline stay = new StayTimeline();
    stay.place(key(ADMITTED, "e1"), ON_SURGERY);
    stay.place(key(DISCHARGED, "e3"), null);

    assertThat(stay.forgetBefore(DISCHARGED)).as("discharge not yet past").isFalse();
    assertThat(stay.entries).hasSize(2);
    assertThat(stay.forgetBefore(DISCHARGED + 1)).isTrue();
    assertThat(stay.entries).isEmpty();
  }

  @Test
  void shouldKeepWhereAnOngoingStayIsWhenForgettingItsPast() {
    StayTimeline stay = new StayTimeline();
    stay.place(key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE);
    stay.place(key(TRANSFERRED, "e2"), ON_SURGERY);

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

  /**
   * An admission and a transfer in the same second, with ids that sort the wrong way (as random
   * UUIDs do half the time): the patient ends on the unit of the transfer, by kind.
   */
  @Test
  void shouldApplyAnAdmissionBeforeATransferOfTheSameInstantWhateverTheirIds() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    String admissionId = "f3c1a0de-0000-4000-8000-000000000001";
    String transferId = "0b9e4f12-0000-4000-8000-000000000002";
    changes.addAll(
        stay.place(
            new StayTimeline.Key(ADMITTED, 0, CensusInput.Kind.TRANSFER.ordinal(), transferId),
            ON_SURGERY));
    changes.addAll(
        stay.place(
            new StayTimeline.Key(ADMITTED, 0, CensusInput.Kind.ADMISSION.ordinal(), admissionId),
            OUTLYING_ON_MEDICINE));

    // MED gets +1 and −1 at the same instant (nets to nothing); SURG keeps the patient.
    assertThat(netByUnitAndTime(changes))
        .containsExactlyInAnyOrderEntriesOf(Map.of("SURG@1000", "occupied+1 outlying+0"));
  }

  /** The source's sequence decides over the kind: here a transfer back out of a unit, then in. */
  @Test
  void shouldFollowTheSourcesSequenceOverTheKindAtOneInstant() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.place(key(ADMITTED, "e1"), ON_SURGERY));
    // Two transfers at one instant: the source sent "stay on SURG" (1), then "to MED" (2).
    changes.addAll(
        stay.place(
            new StayTimeline.Key(TRANSFERRED, 2, CensusInput.Kind.TRANSFER.ordinal(), "a"),
            OUTLYING_ON_MEDICINE));
    changes.addAll(
        stay.place(
            new StayTimeline.Key(TRANSFERRED, 1, CensusInput.Kind.TRANSFER.ordinal(), "b"),
            ON_SURGERY));

    // Sequence 2 (to MED) is last, although its id "a" sorts first.
    assertThat(netByUnitAndTime(changes))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "SURG@1000", "occupied+1 outlying+0",
                "SURG@2000", "occupied-1 outlying+0",
                "MED@2000", "occupied+1 outlying+1"));
  }

  /**
   * A transfer entered in error and cancelled (HL7 A12): the stay's counts are those of a stay that
   * was never moved, admitted to MED and discharged from it.
   */
  @Test
  void shouldUndoARetractedTransferAsIfItHadNeverCome() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.place(key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE));
    changes.addAll(stay.place(key(TRANSFERRED, "e2"), ON_SURGERY));
    changes.addAll(stay.place(key(DISCHARGED, "e3"), null));
    changes.addAll(stay.retract("e2"));

    assertThat(netByUnitAndTime(changes))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MED@1000", "occupied+1 outlying+1", "MED@3000", "occupied-1 outlying-1"));
  }

  /** The same when the retraction comes first: the transfer is void when it arrives. */
  @Test
  void shouldIgnoreAnEventWhoseRetractionCameFirst() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.retract("e2"));
    changes.addAll(stay.place(key(DISCHARGED, "e3"), null));
    changes.addAll(stay.place(key(TRANSFERRED, "e2"), ON_SURGERY));
    changes.addAll(stay.place(key(ADMITTED, "e1"), OUTLYING_ON_MEDICINE));

    assertThat(netByUnitAndTime(changes))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MED@1000", "occupied+1 outlying+1", "MED@3000", "occupied-1 outlying-1"));
  }

  /**
   * A cancelled admission (HL7 A11) leaves nothing on any unit; a repeated retraction is a no-op.
   */
  @Test
  void shouldLeaveNothingOfACancelledAdmission() {
    StayTimeline stay = new StayTimeline();
    List<UnitChange> changes = new ArrayList<>();
    changes.addAll(stay.place(key(ADMITTED, "e1"), ON_SURGERY));
    changes.addAll(stay.retract("e1"));
    assertThat(stay.retract("e1")).isEmpty();

    assertThat(netByUnitAndTime(changes)).isEmpty();
    assertThat(stay.entries).isEmpty();
  }

  private static StayTimeline.Key key(long time, String eventId) {
    return new StayTimeline.Key(time, 0, 0, eventId);
  }
}
