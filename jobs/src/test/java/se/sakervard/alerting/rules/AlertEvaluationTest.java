package se.sakervard.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.input.AlertActionInput;

class AlertEvaluationTest {
  private static final EventRule SERIOUS = (EventRule) AlertRules.shipped("serious-care-injury");
  private static final Place U1 = Place.unit("R1", "R1-H1", "R1-H1-U1");

  @Test
  void shouldKeepAnAcknowledgementReadBeforeItsEvent() throws Exception {
    // The alert-actions topic was read ahead of the deviation events: the acknowledgement of c1's
    // alert (11:25) arrives before c1's classification as a serious care injury (10:50). In event
    // time the alert goes pending and fires at 10:50 (an event rule has no wait), escalates at
    // 11:05 (15 min unacknowledged) and is
    // acknowledged at 11:25, as if the topics had been read at the same pace.
    try (var harness = harness()) {
      harness.open();
      send(harness, RuleInput.of(acknowledgement("c1", "11:25")));
      send(harness, RuleInput.event(SERIOUS, U1, "c1", at("10:50"), null));
      harness.processWatermark(at("12:00"));

      assertThat(steps(harness))
          .containsExactly(
              "10:50 PENDING", "10:50 FIRING", "11:05 ESCALATED", "11:25 ACKNOWLEDGED");
    }
  }

  @Test
  void shouldEndAnAcknowledgedEventAlertWithTheTimersItHadSet() throws Exception {
    // c1 fires at 10:50, escalates at 11:05 and is acknowledged at 11:25, which ends it; the
    // reminder timer it had set before the acknowledgement still fires later, and finds nothing
    // (it used to fail the job: the national benchmark's alerting run restarted forever).
    try (var harness = harness()) {
      harness.open();
      send(harness, RuleInput.event(SERIOUS, U1, "c1", at("10:50"), null));
      send(harness, RuleInput.of(acknowledgement("c1", "11:25")));
      harness.processWatermark(at("18:00"));

      assertThat(steps(harness))
          .containsExactly(
              "10:50 PENDING", "10:50 FIRING", "11:05 ESCALATED", "11:25 ACKNOWLEDGED");
    }
  }

  @Test
  void shouldDropAnAcknowledgementWhoseEventNeverCame() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, RuleInput.of(acknowledgement("c9", "11:25")));
      harness.processWatermark(at("12:00"));

      assertThat(steps(harness)).isEmpty();
      // Nothing is kept for it: no episode and no timer waits.
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shouldActTodayOnASeriousCareInjuryClassifiedDaysAfterItOccurred() throws Exception {
    // The shipped rule acts now within 24 h of the event. c2 occurred on 27 February at 08:00 and
    // is classified on 2 March at 02:50 (66 h 50 min later): it fires once, to act on today (the
    // morning
    // digest), never escalates or reminds, and is over once told. c3 occurred at 01:00 the same
    // night and is classified at 02:50: it pages, and escalates at 03:05 unacknowledged.
    try (var harness = harness()) {
      harness.open();
      send(
          harness,
          RuleInput.event(
              SERIOUS,
              U1,
              "c2",
              at("02:50"),
              Instant.parse("2026-02-27T08:00:00Z").toEpochMilli()));
      send(harness, RuleInput.event(SERIOUS, U1, "c3", at("02:50"), at("01:00")));
      harness.processWatermark(at("12:00"));

      List<AlertStep> out = harness.extractOutputValues();
      assertThat(out)
          .filteredOn(s -> "c2".equals(s.ref()))
          .extracting(s -> s.event().kind() + " " + s.urgency() + " " + s.detail())
          .containsExactly(
              "FIRING ACT_TODAY act today: classified 66 h after it occurred (act now within 24 h)");
      assertThat(out)
          .filteredOn(s -> "c3".equals(s.ref()))
          .extracting(s -> s.event().kind() + " " + s.urgency())
          .containsExactly(
              "FIRING ACT_NOW", "ESCALATED ACT_NOW", "REMINDER ACT_NOW", "REMINDER ACT_NOW");
      // c2 is over: nothing kept but what was taken, so a repeat does not fire again.
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
  }

  /**
   * A region that pages on clusters (an act-now cluster rule; the shipped one acts today): cluster
   * k1 opens at 10:50 and pages, escalates at 11:05 unacknowledged; at 11:10 its cases are
   * withdrawn and it dissolves. The alert resolves then, and nothing escalates or reminds after it;
   * nothing is kept but the timer of what was taken.
   */
  @Test
  void shouldResolveAClusterAlertWhenTheClusterDissolves() throws Exception {
    EventRule paging =
        new EventRule("cluster-pages", EventRule.Kind.CLUSTER_OPENED, Urgency.ACT_NOW, "test");
    try (var harness = harness(paging)) {
      harness.open();
      send(harness, RuleInput.event(paging, U1, "k1", at("10:50"), null));
      send(harness, RuleInput.eventWithdrawn(paging, U1, "k1", at("11:10")));
      harness.processWatermark(at("18:00"));

      assertThat(steps(harness))
          .containsExactly("10:50 PENDING", "10:50 FIRING", "11:05 ESCALATED", "11:10 RESOLVED");
      assertThat(harness.numKeyedStateEntries()).isLessThanOrEqualTo(1);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertStep> harness()
      throws Exception {
    return harness(SERIOUS);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertStep> harness(
      EventRule rule) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new AlertEvaluation(Map.of(rule.name(), rule), AlertTiming.defaults())),
        RuleInput::key,
        Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertStep> harness, RuleInput in)
      throws Exception {
    harness.processElement(new StreamRecord<>(in, in.at()));
  }

  private static AlertActionInput acknowledgement(String ref, String time) {
    return new AlertActionInput(
        true, SERIOUS.name(), U1, ref, "chefläkare i beredskap", at(time), 0);
  }

  private static List<String> steps(
      KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertStep> harness) {
    return harness.extractOutputValues().stream()
        .map(
            s ->
                Instant.ofEpochMilli(s.event().at()).toString().substring(11, 16)
                    + " "
                    + s.event().kind())
        .toList();
  }

  private static long at(String time) {
    return Instant.parse("2026-03-02T" + time + ":00Z").toEpochMilli();
  }
}
