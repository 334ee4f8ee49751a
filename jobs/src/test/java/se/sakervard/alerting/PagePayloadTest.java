package se.sakervard.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.NotificationGroups.Group;
import se.sakervard.alerting.NotificationGroups.Outgoing;

class PagePayloadTest {
  private static final long T0 = 1_780_000_000_000L;

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
        new ObjectMapper().readTree(PagePayload.of(group, "Chefläkare i beredskap <pager:2000>"));
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
}
