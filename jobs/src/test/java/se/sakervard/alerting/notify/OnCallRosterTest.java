package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OnCallRosterTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private static final String ROSTER =
      """
      oncall.default.0 = Mon-Fri 08:00-17:00 -> Chefläkare dagtid <pager:1001>; * -> Chefläkare i beredskap <pager:2000>
      oncall.default.1 = * -> Hälso- och sjukvårdsdirektör i beredskap <pager:3000>
      oncall.R01-H02.0 = 22:00-07:00 -> Nattchefläkare R01-H02 <pager:4000>; * -> Chefläkare R01-H02 <pager:4001>
      """;

  @Test
  void shouldPageWhoeverTheWindowOfTheLocalTimeNames() throws IOException {
    OnCallRoster roster = OnCallRoster.parse(properties(ROSTER), STOCKHOLM, "test");
    // Tuesday 3 March 2026, 09:30 local (08:30 UTC): office hours.
    Instant tuesdayMorning = Instant.parse("2026-03-03T08:30:00Z");
    // Saturday 7 March 2026, 09:30 local: the weekend goes to the on-call physician.
    Instant saturdayMorning = Instant.parse("2026-03-07T08:30:00Z");
    // Tuesday 23:30 local (22:30 UTC): R01-H02's night window wraps past midnight.
    Instant tuesdayNight = Instant.parse("2026-03-03T22:30:00Z");

    assertThat(roster.contactFor("R01-H01", 0, tuesdayMorning))
        .isEqualTo("Chefläkare dagtid <pager:1001>");
    assertThat(roster.contactFor("R01-H01", 0, saturdayMorning))
        .isEqualTo("Chefläkare i beredskap <pager:2000>");
    assertThat(roster.contactFor("R01-H02", 0, tuesdayNight))
        .isEqualTo("Nattchefläkare R01-H02 <pager:4000>");
    assertThat(roster.contactFor("R01-H02", 0, tuesdayMorning))
        .isEqualTo("Chefläkare R01-H02 <pager:4001>");
    // Escalation: the next level; beyond the last level, the last level.
    assertThat(roster.contactFor("R01-H01", 1, tuesdayMorning))
        .isEqualTo("Hälso- och sjukvårdsdirektör i beredskap <pager:3000>");
    assertThat(roster.contactFor("R01-H01", 5, tuesdayMorning))
        .isEqualTo("Hälso- och sjukvårdsdirektör i beredskap <pager:3000>");
    // R01-H02 has no escalation level of its own: its level 1 is its own last, level 0.
    assertThat(roster.contactFor("R01-H02", 1, tuesdayMorning))
        .isEqualTo("Chefläkare R01-H02 <pager:4001>");
  }

  @Test
  void shouldNameTheKeyOfEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                OnCallRoster.parse(
                    properties(
                        """
                        oncall.R01-H01.1 = Mon-Fri 8-17 -> Dr A
                        oncall.R01-H03.0 = * ->
                        oncall.everyone = * -> Dr B
                        """),
                    STOCKHOLM,
                    "roster.properties"))
        .hasMessageStartingWith("invalid on-call roster in roster.properties:")
        .hasMessageContaining("oncall.R01-H01.1: window 'Mon-Fri 8-17' is not")
        .hasMessageContaining("oncall.R01-H03.0: '* ->' is not '<window> -> <contact>'")
        .hasMessageContaining("oncall.everyone: expected oncall.<hospital or default>.<level 0-9>")
        .hasMessageContaining("oncall.R01-H01.0: missing")
        .hasMessageContaining("oncall.default.0: missing");
  }

  private static Properties properties(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
