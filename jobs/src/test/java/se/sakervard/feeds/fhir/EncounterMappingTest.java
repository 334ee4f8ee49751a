package se.sakervard.feeds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.sakervard.feeds.fhir.Encounters.encounter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.VisitMapping;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;

class EncounterMappingTest {
  private final EncounterReader reader = new EncounterReader();
  private final EncounterMapping mapping =
      new EncounterMapping(
          new LocationMap(
              "R01",
              Map.of(
                  "AVD12", "R01-H01-U12",
                  "AVD12-SAL3", "R01-H01-U12",
                  "AVD14", "R01-H01-U14"),
              Map.of("KIR", "R01-H01-U14", "MED", "R01-H01-U12")),
          new Pseudonyms("a test key of sixteen bytes or more".getBytes(StandardCharsets.UTF_8)));
  private final EncounterStay stay = new EncounterStay();

  @Test
  void shouldSendOnlyWhatEachNewVersionAdds() throws Exception {
    // Version 1 (11:05): in AVD12 08:00-11:00, then AVD14 from 11:00: an admission and a transfer.
    // Version 2 (15:10): finished at 15:00: the same two, so only the discharge is new.
    List<CensusEvent> first =
        map(
            encounter("E1", "in-progress", "2026-01-14T11:05")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", null));
    List<CensusEvent> second =
        map(
            encounter("E1", "finished", "2026-01-14T15:10")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", "2026-01-14T15:00")
                .end("2026-01-14T15:00"));

    assertThat(first)
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Admission U12 07:00", "Transfer U12→U14 10:00");
    assertThat(second)
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Discharge U14 14:00");
    assertThat(((Admission) first.get(0).getChange()).getResponsibleUnitCode())
        .as("no service given: the unit where the patient lies is responsible")
        .isEqualTo("R01-H01-U12");
  }

  @Test
  void shouldMoveATransferWhoseTimeIsCorrected() throws Exception {
    // Version 2 says the move to AVD14 was at 11:30, not 11:00: the 11:00 transfer is taken back
    // and one at 11:30 sent; the admission stands.
    List<CensusEvent> first =
        map(
            encounter("E1", "in-progress", "2026-01-14T11:05")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", null));
    List<CensusEvent> second =
        map(
            encounter("E1", "in-progress", "2026-01-14T12:00")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:30")
                .location("AVD14", "2026-01-14T11:30", null));

    assertThat(second)
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Retraction U14 10:00", "Transfer U12→U14 10:30");
    assertThat(((Retraction) second.get(0).getChange()).getRetractedEventId())
        .isEqualTo(first.get(1).getEnvelope().getEventId());
  }

  @Test
  void shouldTakeBackTheWholeStayWhenTheEncounterWasEnteredInError() throws Exception {
    List<CensusEvent> first =
        map(
            encounter("E1", "finished", "2026-01-14T15:10")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", "2026-01-14T15:00")
                .end("2026-01-14T15:00"));
    List<CensusEvent> error =
        map(
            encounter("E1", "entered-in-error", "2026-01-14T16:00")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00")
                .location("AVD14", "2026-01-14T11:00", "2026-01-14T15:00"));
    List<CensusEvent> again =
        map(
            encounter("E1", "entered-in-error", "2026-01-14T16:30")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T11:00"));

    assertThat(error)
        .extracting(EncounterMappingTest::describe)
        .as("newest first, as a sender would cancel them")
        .containsExactly("Retraction U14 14:00", "Retraction U14 10:00", "Retraction U12 07:00");
    assertThat(error)
        .extracting(e -> ((Retraction) e.getChange()).getRetractedEventId())
        .containsExactly(
            first.get(2).getEnvelope().getEventId(),
            first.get(1).getEnvelope().getEventId(),
            first.get(0).getEnvelope().getEventId());
    assertThat(again).isEmpty();
  }

  @Test
  void shouldPutThePatientInTheLocationEnteredLastWherePeriodsOverlap() throws Exception {
    // AVD12 08:00-12:00 and AVD14 from 11:30 overlap: the patient is in AVD14 from 11:30, and
    // AVD12's end at 12:00 changes nothing. A room of AVD12 (AVD12-SAL3, 08:15-) is the same unit:
    // no transfer.
    List<CensusEvent> out =
        map(
            encounter("E1", "in-progress", "2026-01-14T12:05")
                .location("AVD12", "2026-01-14T08:00", "2026-01-14T12:00")
                .location("AVD12-SAL3", "2026-01-14T08:15", "2026-01-14T11:30")
                .location("AVD14", "2026-01-14T11:30", null));

    assertThat(out)
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Admission U12 07:00", "Transfer U12→U14 10:30");
  }

  @Test
  void shouldTurnAChangeOfServiceIntoATransferOnTheSameUnitFromTheVersionsTime() throws Exception {
    // Version 1 (09:00): in AVD12 from 08:00, surgery (KIR → U14) responsible. Version 2 (13:00):
    // medicine (MED → U12) responsible: from 13:00 the patient is no longer placed out of their
    // responsible unit; the admission keeps KIR.
    List<CensusEvent> first =
        map(
            encounter("E1", "in-progress", "2026-01-14T09:00")
                .location("AVD12", "2026-01-14T08:00", null)
                .serviceType("KIR"));
    List<CensusEvent> second =
        map(
            encounter("E1", "in-progress", "2026-01-14T13:00")
                .location("AVD12", "2026-01-14T08:00", null)
                .serviceType("MED"));

    assertThat(first)
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Admission U12 07:00");
    assertThat(((Admission) first.get(0).getChange()).getResponsibleUnitCode())
        .isEqualTo("R01-H01-U14");
    assertThat(second)
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Transfer U12→U12 12:00");
    assertThat(((Transfer) second.get(0).getChange()).getResponsibleUnitCode())
        .isEqualTo("R01-H01-U12");
  }

  @Test
  void shouldIgnoreAVersionOlderThanOneAlreadyTaken() throws Exception {
    map(
        encounter("E1", "finished", "2026-01-14T15:10")
            .location("AVD12", "2026-01-14T08:00", "2026-01-14T15:00")
            .end("2026-01-14T15:00"));

    List<CensusEvent> stale =
        map(
            encounter("E1", "in-progress", "2026-01-14T09:00")
                .location("AVD12", "2026-01-14T08:00", null));

    assertThat(stale).as("the discharge stands").isEmpty();
  }

  @Test
  void shouldLeaveOutWhatIsNoBedOfAnInpatient() throws Exception {
    // An outpatient visit, a planned Encounter and a planned location: no census event.
    assertThat(
            map(
                encounter("E2", "in-progress", "2026-01-14T09:00")
                    .classCode("AMB")
                    .location("AVD12", "2026-01-14T08:00", null)))
        .isEmpty();
    assertThat(
            map(
                encounter("E3", "planned", "2026-01-14T09:00")
                    .location("AVD12", "planned", "2026-01-15T08:00", null)))
        .isEmpty();
    assertThat(
            map(
                encounter("E4", "in-progress", "2026-01-14T09:00")
                    .location("AVD12", "2026-01-14T08:00", null)
                    .location("AVD14", "planned", "2026-01-14T15:00", null)))
        .extracting(EncounterMappingTest::describe)
        .containsExactly("Admission U12 07:00");
  }

  @Test
  void shouldRejectWhatCannotBePlacedWithTheReason() {
    assertThatThrownBy(
            () ->
                map(
                    encounter("E1", "in-progress", "2026-01-14T09:00")
                        .location("AVD99", "2026-01-14T08:00", null)))
        .isInstanceOf(VisitMapping.Rejected.class)
        .hasMessageContaining("'AVD99' is not in the location map")
        .hasMessageContaining("location.AVD99=<unit code>");
    assertThatThrownBy(
            () ->
                map(
                    encounter("E1", "finished", "2026-01-14T09:00")
                        .location("AVD12", "2026-01-14T08:00", null)))
        .isInstanceOf(VisitMapping.Rejected.class)
        .hasMessageContaining("discharge time is unknown");
    assertThatThrownBy(() -> map(encounter("E1", "unknown", "2026-01-14T09:00")))
        .isInstanceOf(VisitMapping.Rejected.class)
        .hasMessageContaining("status 'unknown'");
    assertThatThrownBy(() -> reader.read("{\"resourceType\":\"Patient\",\"id\":\"x\"}"))
        .isInstanceOf(EncounterReader.UnreadableEncounterException.class)
        .hasMessageContaining("a Patient resource, not an Encounter");
    assertThatThrownBy(() -> reader.read("PID|1||4711 not json"))
        .isInstanceOf(EncounterReader.UnreadableEncounterException.class)
        .hasMessageStartingWith("not FHIR R4 JSON");
  }

  @Test
  void shouldNeverLetAnIdentifierThrough() throws Exception {
    CensusEvent admission =
        map(encounter("E1", "in-progress", "2026-01-14T09:00")
                .location("AVD12", "2026-01-14T08:00", null))
            .get(0);

    assertThat(admission.toString()).doesNotContain(Encounters.PATIENT).doesNotContain("\"E1\"");
    Admission a = (Admission) admission.getChange();
    assertThat(a.getStayRef()).startsWith("v-").hasSize(24);
    assertThat(a.getPatientRef()).startsWith("p-").hasSize(24);
  }

  private List<CensusEvent> map(Encounters e) throws Exception {
    return mapping.map(reader.read(e.json()), stay);
  }

  /** "Transfer U12→U14 10:00": kind, unit (from→to), UTC time. */
  private static String describe(CensusEvent e) {
    String unit = e.getEnvelope().getUnitCode().substring("R01-H01-".length());
    String time = e.getEnvelope().getEventTime().toString().substring(11, 16);
    String kind = e.getChange().getClass().getSimpleName();
    if (e.getChange() instanceof Transfer t) {
      unit = t.getFromUnitCode().substring("R01-H01-".length()) + "→" + unit;
    }
    return kind + " " + unit + " " + time;
  }
}
