package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.PlaceNames;
import se.sakervard.alerting.level.LevelRow;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.AlertRules;
import se.sakervard.alerting.rules.EventRule;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.ThresholdRule;

class PagePayloadTest {
  private static final long T0 = 1_780_000_000_000L;
  private static final java.time.ZoneId STOCKHOLM = java.time.ZoneId.of("Europe/Stockholm");

  @Test
  void shouldExplainEachAlertWithItsValueThresholdWindowAndEvidence() throws Exception {
    ThresholdRule overcrowding = (ThresholdRule) AlertRules.shipped("hospital-overcrowding");
    EventRule seriousInjury = (EventRule) AlertRules.shipped("serious-care-injury");
    Place h1 = Place.hospital("R1", "R1-H1");
    Group group =
        new Group(
            "R1-H1",
            T0 + 30_000,
            List.of(
                new Outgoing(
                    overcrowding,
                    h1,
                    new AlertEvent(
                        T0,
                        "hospital-overcrowding|R1-H1|x",
                        AlertEvent.Kind.FIRING,
                        1,
                        0,
                        12.5,
                        null),
                    T0 - 7_200_000,
                    null),
                new Outgoing(
                    seriousInjury,
                    Place.unit("R1", "R1-H1", "R1-H1-U2"),
                    new AlertEvent(
                        T0 + 1_000,
                        "serious-care-injury|R1-H1-U2|y",
                        AlertEvent.Kind.FIRING,
                        1,
                        0,
                        0,
                        null),
                    T0 + 1_000,
                    "R1-D-123")));

    JsonNode page =
        new ObjectMapper()
            .readTree(
                PagePayload.of(
                    group,
                    "Chefläkare i beredskap <pager:2000>",
                    PagePayload.Reading.codesOnly(STOCKHOLM)));
    assertThat(page.get("to").asText()).isEqualTo("Chefläkare i beredskap <pager:2000>");
    assertThat(page.get("idempotencyKey").asText())
        .isEqualTo("R1-H1|hospital-overcrowding|R1-H1|x#1,serious-care-injury|R1-H1-U2|y#1");
    assertThat(page.get("urgency").asText()).isEqualTo("ACT_NOW");
    assertThat(page.get("summary").asText())
        .isEqualTo("R1-H1: hospital-overcrowding firing; serious-care-injury firing");
    JsonNode first = page.get("alerts").get(0);
    assertThat(first.get("explanation").asText())
        .isEqualTo("hospital R1-H1: census.overcrowding_per_100_beds 12.5 ≥ 10 for 2 h");
    assertThat(first.get("value").asDouble()).isEqualTo(12.5);
    assertThat(first.get("threshold").asDouble()).isEqualTo(10);
    assertThat(first.get("resolveThreshold").asDouble()).isEqualTo(7);
    assertThat(first.get("window").asText()).isEqualTo("PT2H");
    assertThat(first.get("idempotencyKey").asText()).isEqualTo("hospital-overcrowding|R1-H1|x#1");
    assertThat(first.get("evidenceQuery").asText())
        .startsWith("SELECT hour_start, care_type, overcrowding_per_100_beds")
        .contains("FROM sakervard.v_census_hourly WHERE level = 'HOSPITAL' AND region_code = 'R1'")
        .contains("hour_start >= fromUnixTimestamp64Milli(toInt64(" + (T0 - 7_200_000) + "))");
    JsonNode second = page.get("alerts").get(1);
    assertThat(second.get("explanation").asText())
        .isEqualTo("unit R1-H1-U2: serious care injury R1-D-123");
    assertThat(second.get("evidenceQuery").asText())
        .isEqualTo("SELECT * FROM sakervard.v_deviation_cases WHERE case_ref = 'R1-D-123'");
    assertThat(second.get("auditQuery").asText())
        .contains("dedup_key = 'serious-care-injury|R1-H1-U2|y'");
  }

  @Test
  void shouldReadAtNightWithNamesLocalTimeTheHospitalsOwnReasonsAndOneLink() throws Exception {
    // A level page at 02:10 UTC on Monday 2 March, 03:10 in Stockholm: the hospital at level 4 for
    // its own overcrowding and its units, one unit at 4 behind it.
    LevelRule critical = (LevelRule) AlertRules.shipped("hospital-critical");
    long at = java.time.Instant.parse("2026-03-02T02:10:00Z").toEpochMilli();
    Group group =
        new Group(
                "A1-H1",
                at,
                List.of(
                    new Outgoing(
                        critical,
                        Place.hospital("A1", "A1-H1"),
                        new AlertEvent(
                            at - 30_000,
                            "hospital-critical|A1-H1|z",
                            AlertEvent.Kind.FIRING,
                            1,
                            0,
                            4,
                            null),
                        at - 30_000,
                        null)))
            .withLevels(
                new LevelRow(
                    Place.hospital("A1", "A1-H1"),
                    at - 30_000,
                    4,
                    List.of(
                        "overcrowding 14.2 ≥ 14 per 100 available beds (level 4)",
                        "units at level 4: 1 of 19 (A1-H1-U7) (level 2)"),
                    List.of(),
                    3),
                List.of(
                    new NotificationGroups.UnitLevel(
                        "A1-H1-U7",
                        4,
                        List.of("overcrowding 30.0 ≥ 30 per 100 available beds (level 4)"))));
    PlaceNames names =
        new PlaceNames(java.util.Map.of("A1-H1", "Södra sjukhuset", "A1-H1-U7", "Avd 7 medicin"));

    JsonNode page =
        new ObjectMapper()
            .readTree(
                PagePayload.of(
                    group,
                    "Chefläkare i beredskap",
                    new PagePayload.Reading(names, STOCKHOLM, "https://board.region.example")));

    assertThat(page.get("hospitalName").asText()).isEqualTo("Södra sjukhuset");
    assertThat(page.get("localTime").asText()).isEqualTo("Mon 2 Mar 03:10 (Europe/Stockholm)");
    assertThat(page.get("link").asText()).isEqualTo("https://board.region.example/#A1-H1");
    assertThat(page.get("hospitalLevel").get("reasons").get(0).asText())
        .isEqualTo("overcrowding 14.2 ≥ 14 per 100 available beds (level 4)");
    assertThat(page.get("units").get(0).get("name").asText()).isEqualTo("Avd 7 medicin");
    assertThat(page.get("text").asText())
        .isEqualTo(
            String.join(
                "\n",
                "ACT NOW Södra sjukhuset (A1-H1), Mon 2 Mar 03:10 (Europe/Stockholm)",
                "hospital-critical firing: hospital A1-H1 Södra sjukhuset: here-and-now level 4"
                    + " (at least 4) for 30 min",
                "Level 4 critical: overcrowding 14.2 ≥ 14 per 100 available beds (level 4); units"
                    + " at level 4: 1 of 19 (A1-H1-U7) (level 2)",
                "Unit Avd 7 medicin (A1-H1-U7) level 4: overcrowding 30.0 ≥ 30 per 100 available"
                    + " beds (level 4)",
                "https://board.region.example/#A1-H1"));
  }
}
