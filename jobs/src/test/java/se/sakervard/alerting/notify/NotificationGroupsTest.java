package se.sakervard.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.notify.NotificationGroups.Group;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.alerting.rules.AlertEvent;
import se.sakervard.alerting.rules.LevelRule;
import se.sakervard.alerting.rules.Urgency;
import se.sakervard.schemas.pipeline.Level;

class NotificationGroupsTest {
  private static final long SECOND = 1_000;
  private static final long T0 = 1_780_000_000_000L;
  private static final LevelRule RULE =
      new LevelRule("hospital-critical", Level.HOSPITAL, 4, Duration.ZERO, Urgency.ACT_NOW, "r");

  @Test
  void shouldSendWhatOneHospitalFiresTogetherAsOneMessage() {
    // H1 fires three alerts within 30 s and a fourth 40 s after its first; H2 one at 10 s.
    List<Group> groups =
        NotificationGroups.group(
            List.of(
                out("R1-H1", "a", 0),
                out("R1-H2", "b", 10),
                out("R1-H1", "c", 29),
                out("R1-H1", "d", 5),
                out("R1-H1", "e", 40)),
            30 * SECOND);
    assertThat(groups)
        .extracting(
            Group::hospitalCode,
            g -> (g.at() - T0) / SECOND,
            g -> g.notifications().stream().map(n -> n.event().dedupKey()).toList())
        .containsExactly(
            tuple("R1-H1", 30L, List.of("a", "d", "c")),
            tuple("R1-H2", 40L, List.of("b")),
            tuple("R1-H1", 70L, List.of("e")));
  }

  @Test
  void shouldKeyAGroupByItsNotificationsWhateverTheirOrder() {
    List<Outgoing> two = List.of(out("R1-H1", "a", 0), out("R1-H1", "b", 1));
    String key = NotificationGroups.group(two, 30 * SECOND).get(0).idempotencyKey();
    assertThat(
            NotificationGroups.group(List.of(two.get(1), two.get(0)), 30 * SECOND)
                .get(0)
                .idempotencyKey())
        .isEqualTo(key)
        .isEqualTo("R1-H1|a#1,b#1");
  }

  private static Outgoing out(String hospital, String key, long seconds) {
    return new Outgoing(
        RULE,
        Place.hospital("R1", hospital),
        new AlertEvent(T0 + seconds * SECOND, key, AlertEvent.Kind.FIRING, 1, 0, 4, null),
        T0,
        null);
  }
}
