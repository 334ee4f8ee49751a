package se.sakervard.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.sakervard.feeds.hl7.AdtMessages.adt;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.VisitMapping;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Discharge;
import se.sakervard.schemas.census.Retraction;
import se.sakervard.schemas.census.Transfer;

class AdtMappingTest {
  private final AdtParser parser = new AdtParser(ZoneId.of("Europe/Stockholm"));
  private final AdtMapping mapping =
      new AdtMapping(
          new LocationMap(
              "R01",
              Map.of("AVD12", "R01-H01-U12", "AVD14", "R01-H01-U14"),
              Map.of("KIR", "R01-H01-U14")),
          new Pseudonyms("a test key of sixteen bytes or more".getBytes(StandardCharsets.UTF_8)));
  private final AdtStay stay = new AdtStay();

  @Test
  void shouldMapAVisitsMovesAndTakeBackExactlyTheEventACancellationNames() throws Exception {
    // Admitted to AVD12 at 08:00, moved to AVD14 at 10:00, the move cancelled (A12), discharged
    // from AVD12 at 16:00, the discharge cancelled (A13).
    List<CensusEvent> out = new ArrayList<>();
    out.addAll(map(adt("m1", "A01", "2026-01-14T08:00", "V1", "AVD12")));
    out.addAll(map(adt("2.5.1", "m2", "A02", "2026-01-14T10:00", "V1", "AVD14", "AVD12", "")));
    out.addAll(map(adt("2.5.1", "m3", "A12", "2026-01-14T10:30", "V1", "AVD12", "AVD14", "")));
    out.addAll(map(adt("m4", "A03", "2026-01-14T16:00", "V1", "AVD12")));
    out.addAll(map(adt("m5", "A13", "2026-01-14T17:00", "V1", "AVD12")));

    assertThat(out)
        .extracting(e -> e.getChange().getClass().getSimpleName())
        .containsExactly("Admission", "Transfer", "Retraction", "Discharge", "Retraction");
    assertThat(out.get(0).getEnvelope().getUnitCode()).isEqualTo("R01-H01-U12");
    assertThat(out.get(0).getEnvelope().getEventTime())
        .as("local 08:00 in winter is 07:00 UTC")
        .isEqualTo(java.time.Instant.parse("2026-01-14T07:00:00Z"));
    Transfer move = (Transfer) out.get(1).getChange();
    assertThat(move.getFromUnitCode()).isEqualTo("R01-H01-U12");
    assertThat(out.get(1).getEnvelope().getUnitCode()).isEqualTo("R01-H01-U14");
    Retraction cancelMove = (Retraction) out.get(2).getChange();
    assertThat(cancelMove.getRetractedEventId()).isEqualTo("hl7:SUS:m2");
    assertThat(out.get(2).getEnvelope().getEventTime())
        .as("a retraction carries the time of the event it takes back")
        .isEqualTo(out.get(1).getEnvelope().getEventTime());
    Discharge discharge = (Discharge) out.get(3).getChange();
    assertThat(out.get(3).getEnvelope().getUnitCode())
        .as("discharged from where the patient lies after the cancelled move")
        .isEqualTo("R01-H01-U12");
    assertThat(((Retraction) out.get(4).getChange()).getRetractedEventId()).isEqualTo("hl7:SUS:m4");
    assertThat(discharge.getStayRef()).isEqualTo(((Admission) out.get(0).getChange()).getStayRef());
  }

  @Test
  void shouldNeverLetAnIdentifierThrough() throws Exception {
    CensusEvent admission = map(adt("m1", "A01", "2026-01-14T08:00", "V1", "AVD12")).get(0);

    String text = admission.toString();
    assertThat(text).doesNotContain(AdtMessages.PATIENT).doesNotContain("\"V1\"");
    Admission a = (Admission) admission.getChange();
    assertThat(a.getStayRef()).startsWith("v-").hasSize(24);
    assertThat(a.getPatientRef()).startsWith("p-").hasSize(24);
  }

  @Test
  void shouldTurnAnA08ThatChangesTheResponsibleUnitIntoATransferOnTheSameUnit() throws Exception {
    map(adt("m1", "A01", "2026-01-14T08:00", "V1", "AVD12"));
    // Surgery (AVD14's service) takes over: the patient stays on AVD12, now outlying there.
    List<CensusEvent> update =
        map(adt("2.5.1", "m2", "A08", "2026-01-14T09:00", "V1", "AVD12", "", "KIR"));
    List<CensusEvent> again =
        map(adt("2.5.1", "m3", "A08", "2026-01-14T09:30", "V1", "AVD12", "", "KIR"));

    Transfer t = (Transfer) update.get(0).getChange();
    assertThat(update.get(0).getEnvelope().getUnitCode()).isEqualTo("R01-H01-U12");
    assertThat(t.getFromUnitCode()).isEqualTo("R01-H01-U12");
    assertThat(t.getResponsibleUnitCode()).isEqualTo("R01-H01-U14");
    assertThat(again).as("nothing changed").isEmpty();
  }

  @Test
  void shouldReadAnOlderHl7VersionIntoTheSameFields() throws Exception {
    CensusEvent admission =
        map(adt("2.3", "m1", "A01", "2026-01-14T08:00", "V1", "AVD12", "", "")).get(0);

    assertThat(admission.getEnvelope().getUnitCode()).isEqualTo("R01-H01-U12");
  }

  @Test
  void shouldSayWhatToDoWithALocationNotInTheMap() {
    assertThatThrownBy(() -> map(adt("m1", "A01", "2026-01-14T08:00", "V1", "AVD99")))
        .isInstanceOf(VisitMapping.Rejected.class)
        .hasMessageContaining("'AVD99' is not in the location map")
        .hasMessageContaining("location.AVD99=<unit code>");
  }

  @Test
  void shouldRejectACancellationOfSomethingTheVisitHasNotHad() {
    assertThatThrownBy(() -> map(adt("m1", "A12", "2026-01-14T08:00", "V1", "AVD12")))
        .isInstanceOf(VisitMapping.Rejected.class)
        .hasMessageContaining("A12 cancels a transfer this visit has not had");
  }

  @Test
  void shouldCallBytesThatAreNoHl7MessageUnreadable() {
    assertThatThrownBy(() -> parser.parse("garbage\r"))
        .isInstanceOf(AdtParser.UnreadableMessageException.class)
        .hasMessageContaining("does not start with MSH");
    assertThatThrownBy(() -> parser.parse("MSH|^~\\&|X\r"))
        .isInstanceOf(AdtParser.UnreadableMessageException.class);
  }

  private List<CensusEvent> map(String er7) throws Exception {
    return mapping.map(parser.parse(er7), stay);
  }
}
