package se.sakervard.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.rules.AlertEvent.Kind;

/**
 * One rule's alert on one hospital, by hand-worked timelines. The rule: overcrowding per 100
 * available beds fires at 10 or more held for 2 hours, resolves at 7 or less held for 30 minutes;
 * 15 minutes to acknowledge before one escalation, a reminder every 4 hours. Times are minutes from
 * T0.
 */
class AlertEpisodeTest {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long T0 = 1_780_000_000_000L;
  private static final AlertCondition OVERCROWDING =
      new AlertCondition(true, 10, 7, 2 * HOUR, 30 * MINUTE);
  private static final AlertTiming TIMING =
      new AlertTiming(Duration.ofMinutes(15), 1, Duration.ofHours(4), 3);

  private final AlertEpisode alert =
      new AlertEpisode("hospital-overcrowding", "R1-H1", Urgency.ACT_NOW, OVERCROWDING, TIMING);

  private static long at(long minutes) {
    return T0 + minutes * MINUTE;
  }

  @Test
  void shouldFireOnlyWhenTheConditionHoldsForTheWholeForDuration() {
    List<AlertEvent> events = new ArrayList<>();
    // 11 at 0:00, back to 9 at 1:00 (cancelled: never held 2 h), 12 at 1:30 and held.
    events.addAll(alert.observe(at(0), 11));
    events.addAll(alert.observe(at(60), 9));
    events.addAll(alert.observe(at(90), 12));
    events.addAll(alert.observe(at(150), 13));
    assertThat(alert.nextDue()).isEqualTo(at(210));
    events.addAll(alert.advance(at(209)));
    assertThat(alert.status).isEqualTo(AlertEpisode.Status.PENDING);
    events.addAll(alert.advance(at(210)));
    assertThat(events)
        .extracting(AlertEvent::at, AlertEvent::kind, AlertEvent::sequence)
        .containsExactly(
            tuple(at(0), Kind.PENDING, 0),
            tuple(at(60), Kind.CANCELLED, 0),
            tuple(at(90), Kind.PENDING, 0),
            tuple(at(210), Kind.FIRING, 1));
    assertThat(events.get(3).dedupKey())
        .isEqualTo("hospital-overcrowding|R1-H1|" + Instant.ofEpochMilli(at(210)));
    assertThat(events.get(3).value()).isEqualTo(13);
  }

  @Test
  void shouldTellAnAlertToActOnTodayOnceWithoutEscalatingOrReminding() {
    // The same condition on a rule to act on today: it fires at 2:00 and then, unacknowledged for
    // a whole day, neither escalates (15 min) nor is reminded (every 4 h); it still resolves.
    AlertEpisode today =
        new AlertEpisode("hospital-occupancy", "R1-H1", Urgency.ACT_TODAY, OVERCROWDING, TIMING);
    List<AlertEvent> events = new ArrayList<>(today.observe(at(0), 12));
    events.addAll(today.advance(at(24 * 60)));
    events.addAll(today.observe(at(24 * 60), 5));
    events.addAll(today.advance(at(25 * 60)));

    assertThat(events)
        .extracting(AlertEvent::at, AlertEvent::kind)
        .containsExactly(
            tuple(at(0), Kind.PENDING),
            tuple(at(120), Kind.FIRING),
            tuple(at(24 * 60 + 30), Kind.RESOLVED));
  }

  @Test
  void shouldKeepFiringBetweenTheThresholdsAndResolveOnlyAfterHoldingBelowTheResolveThreshold() {
    alert.observe(at(0), 12);
    alert.advance(at(120)); // fires at 2:00
    alert.acknowledge(at(125), "chefläkare");
    List<AlertEvent> events = new ArrayList<>();
    // 9 is below 10 but above 7: still firing. 6 at 3:00, 8 at 3:20 (not 30 min below 7), 5 at
    // 3:40 and held: resolved at 4:10.
    events.addAll(alert.observe(at(160), 9));
    events.addAll(alert.observe(at(180), 6));
    events.addAll(alert.observe(at(200), 8));
    events.addAll(alert.observe(at(220), 5));
    assertThat(alert.status).isEqualTo(AlertEpisode.Status.ACKNOWLEDGED);
    events.addAll(alert.advance(at(250)));
    assertThat(events)
        .extracting(AlertEvent::at, AlertEvent::kind, AlertEvent::sequence)
        .containsExactly(tuple(at(250), Kind.RESOLVED, 2));
    // The next breach is a new episode with its own key.
    List<AlertEvent> next = alert.observe(at(300), 10);
    next.addAll(alert.advance(at(420)));
    assertThat(next)
        .extracting(AlertEvent::kind, AlertEvent::sequence)
        .containsExactly(tuple(Kind.PENDING, 0), tuple(Kind.FIRING, 1));
    assertThat(next.get(1).dedupKey()).endsWith(Instant.ofEpochMilli(at(420)).toString());
  }

  @Test
  void shouldEscalateWhenNotAcknowledgedAndRemindOnlyAfterTheLongRepeatInterval() {
    alert.observe(at(0), 15);
    List<AlertEvent> events = alert.advance(at(120 + 8 * 60));
    // Fired at 2:00 (primary), escalated at 2:15 (level 1, once: one level above the primary),
    // reminded 4 hours after the last notification: 6:15, then 10:15 (after the window here).
    assertThat(events)
        .extracting(AlertEvent::at, AlertEvent::kind, AlertEvent::sequence, AlertEvent::escalation)
        .containsExactly(
            tuple(at(120), Kind.FIRING, 1, 0),
            tuple(at(135), Kind.ESCALATED, 2, 1),
            tuple(at(375), Kind.REMINDER, 3, 1));
    assertThat(alert.nextDue()).isEqualTo(at(615));
    // Two more reminders (10:15, 14:15), then none: at most 3, the alert stays on the dashboard.
    assertThat(alert.advance(at(7 * 24 * 60)))
        .extracting(AlertEvent::at, AlertEvent::kind, AlertEvent::sequence)
        .containsExactly(tuple(at(615), Kind.REMINDER, 4), tuple(at(855), Kind.REMINDER, 5));
    assertThat(alert.nextDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldStopRemindingAndEscalatingOnceAcknowledged() {
    alert.observe(at(0), 15);
    alert.advance(at(120));
    assertThat(alert.acknowledge(at(130), "dr A"))
        .extracting(AlertEvent::kind, AlertEvent::by)
        .containsExactly(tuple(Kind.ACKNOWLEDGED, "dr A"));
    assertThat(alert.advance(at(24 * 60))).isEmpty();
    assertThat(alert.nextDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldHoldNotificationsBackDuringASilenceAndSendOneWhenItEnds() {
    // Silenced from 1:00 to 3:00: the firing at 2:00 is held back, the escalation clock restarts
    // when the silence ends: firing sent at 3:00, escalated at 3:15.
    alert.observe(at(0), 15);
    List<AlertEvent> events = new ArrayList<>(alert.silence(at(60), at(180), "dr A"));
    events.addAll(alert.advance(at(200)));
    assertThat(events)
        .extracting(AlertEvent::at, AlertEvent::kind, AlertEvent::sequence)
        .containsExactly(
            tuple(at(60), Kind.SILENCE, 0),
            tuple(at(120), Kind.SILENCED, 0),
            tuple(at(180), Kind.FIRING, 1),
            tuple(at(195), Kind.ESCALATED, 2));
  }

  @Test
  void shouldGiveTheSameEventsAfterARestartFromItsStoredState() throws Exception {
    // The state is a Flink POJO (not Kryo): a checkpoint stores it field by field.
    TypeInformation<AlertEpisode> type = TypeInformation.of(AlertEpisode.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    TypeSerializer<AlertEpisode> serializer = type.createSerializer(new SerializerConfigImpl());

    AlertEpisode uninterrupted =
        new AlertEpisode("hospital-overcrowding", "R1-H1", Urgency.ACT_NOW, OVERCROWDING, TIMING);
    uninterrupted.observe(at(0), 15);
    uninterrupted.advance(at(130));
    ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
    serializer.serialize(uninterrupted, new DataOutputViewStreamWrapper(checkpoint));
    AlertEpisode restored =
        serializer.deserialize(
            new DataInputViewStreamWrapper(new ByteArrayInputStream(checkpoint.toByteArray())));

    List<AlertEvent> before = afterTheCheckpoint(uninterrupted);
    List<AlertEvent> after = afterTheCheckpoint(restored);
    assertThat(after).isEqualTo(before);
    assertThat(after)
        .extracting(AlertEvent::idempotencyKey)
        .containsExactly(
            "hospital-overcrowding|R1-H1|" + Instant.ofEpochMilli(at(120)) + "#2",
            "hospital-overcrowding|R1-H1|" + Instant.ofEpochMilli(at(120)) + "#3");
  }

  private static List<AlertEvent> afterTheCheckpoint(AlertEpisode a) {
    List<AlertEvent> events = new ArrayList<>(a.advance(at(135)));
    events.addAll(a.observe(at(200), 6));
    events.addAll(a.advance(at(240)));
    return events;
  }
}
