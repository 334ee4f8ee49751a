package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.testing.KeyedOperator;

/**
 * Cluster detection under the baseline-aware rule (alpha 0.01, 5 cases a unit-year until a unit's
 * history says otherwise), worked by hand. A unit with no history of Klebsiella:
 *
 * <pre>
 *   C1 day 0, C2 day 2: 2 cases over 2 + 14 days, expected 5/365 × 16 = 0.219:
 *                       P(N ≥ 2) = 1 − e^−0.219 (1 + 0.219) = 0.021 &gt; 0.01: no cluster yet
 *   C3 day 4:           3 cases over 18 days, expected 0.247:
 *                       P(N ≥ 3) = 1 − e^−0.247 (1 + 0.247 + 0.030) = 0.0021: a cluster of all
 *                       three, opened at C3's onset
 * </pre>
 *
 * Norovirus spreads within hours, and its window is 72 h: two cases 10 h apart are 5/365 × (10/24 +
 * 3) = 0.047 expected, P(N ≥ 2) = 0.0011: a cluster at the second case.
 */
class ClusterDetectionTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long T0 = 1_780_000_000_000L;
  private static final Duration KEEP = Duration.ofDays(40);

  @RegisterExtension
  final KeyedOperator<UnitInput, ClusterChange> operator =
      KeyedOperator.of(
          () ->
              new ClusterDetection(
                  Duration.ofDays(14),
                  Duration.ofHours(72),
                  KEEP,
                  new BaselineClusterRule(0.01, 5, Duration.ofDays(365))),
          ClusterDetection::key);

  @Test
  void shouldWaitForTheThirdCaseOfACommonOrganismAtAUnitWithoutHistory() throws Exception {
    send(infectionCase("C1", "Klebsiella pneumoniae", T0));
    send(infectionCase("C2", "Klebsiella pneumoniae", T0 + 2 * DAY));
    assertThat(changes()).isEmpty();

    send(infectionCase("C3", "Klebsiella pneumoniae", T0 + 4 * DAY));

    assertThat(changes())
        .extracting(c -> c.kind() + " " + c.cluster().caseRefs() + " " + c.cluster().openedAt())
        .containsExactly("OPENED [C1, C2, C3] " + (T0 + 4 * DAY));
  }

  @Test
  void shouldFlagTwoNorovirusCasesHoursApartAtOnce() throws Exception {
    send(infectionCase("N1", "Norovirus", T0));
    send(infectionCase("N2", "Norovirus", T0 + 10 * 3_600_000L));

    assertThat(changes())
        .extracting(c -> c.kind() + " " + c.cluster().caseRefs())
        .containsExactly("OPENED [N1, N2]");
  }

  @Test
  void shouldCloseTheClusterAndForgetTheCasesOnceTheirBaselineYearHasPassed() throws Exception {
    send(infectionCase("C1", "Klebsiella pneumoniae", T0));
    send(infectionCase("C2", "Klebsiella pneumoniae", T0 + 2 * DAY));
    send(infectionCase("C3", "Klebsiella pneumoniae", T0 + 4 * DAY));
    // Closed 14 days after its last case.
    operator.harness().processWatermark(T0 + 18 * DAY + 1);
    assertThat(changes()).extracting(ClusterChange::kind).endsWith(ClusterChange.Kind.CLOSED);
    assertThat(operator.harness().numKeyedStateEntries()).isPositive();

    // Kept for the window, the late cases' 40 days and the baseline year after the last onset.
    operator.harness().processWatermark(T0 + 4 * DAY + 14 * DAY + 40 * DAY + 365 * DAY + 1);

    assertThat(operator.harness().numKeyedStateEntries()).isZero();
    assertThat(operator.harness().numEventTimeTimers()).isZero();
  }

  /**
   * Norovirus N1, N2 (10 h apart), N3 50 h after N2, N4 and N5 60 and 70 h after N3: one cluster,
   * each case within 72 hours of the one before. N3 withdrawn: N1–N2 and N4–N5 are more than 72 h
   * apart, so the cluster shrinks to [N1, N2] (its id is its first case's) and [N4, N5] opens as a
   * cluster of its own (two norovirus cases are one at once, as above). N2 withdrawn too: [N1] is
   * no cluster any more. Each change has a higher version than the one before.
   */
  @Test
  void shouldSplitAndDissolveAClusterAsCasesAreWithdrawn() throws Exception {
    long h = 3_600_000L;
    InfectionInput n2 = infectionCase("N2", "Norovirus", T0 + 10 * h);
    InfectionInput n3 = infectionCase("N3", "Norovirus", T0 + 60 * h);
    send(infectionCase("N1", "Norovirus", T0));
    send(n2);
    send(n3);
    send(infectionCase("N4", "Norovirus", T0 + 120 * h));
    send(infectionCase("N5", "Norovirus", T0 + 130 * h));
    long grown = changes().get(changes().size() - 1).cluster().version();
    assertThat(changes().get(changes().size() - 1).cluster().caseRefs())
        .containsExactly("N1", "N2", "N3", "N4", "N5");
    operator.harness().getOutput().clear();

    withdraw(n3);
    assertThat(changes())
        .extracting(c -> c.kind() + " " + c.cluster().caseRefs())
        .containsExactlyInAnyOrder("SHRANK [N1, N2]", "OPENED [N4, N5]");
    long shrunk =
        changes().stream()
            .filter(c -> c.kind() == ClusterChange.Kind.SHRANK)
            .findFirst()
            .get()
            .cluster()
            .version();
    operator.harness().getOutput().clear();

    withdraw(n2);
    assertThat(changes())
        .extracting(c -> c.kind() + " " + c.cluster().caseRefs() + " " + c.cluster().status())
        .containsExactly("DISSOLVED [N1] DISSOLVED");
    // Dated by the withdrawal (here the withdrawn record's own time, a day after N2's onset), not
    // by an onset the cluster's alerts have already seen.
    assertThat(changes().get(0).at()).isEqualTo(n2.eventTime());
    assertThat(shrunk).isGreaterThan(grown);
    assertThat(changes().get(0).cluster().version()).isGreaterThan(shrunk);
  }

  private void send(InfectionInput c) throws Exception {
    operator.harness().processElement(new StreamRecord<>(new UnitInput(c, null), c.eventTime()));
  }

  private void withdraw(InfectionInput c) throws Exception {
    operator
        .harness()
        .processElement(new StreamRecord<>(new UnitInput(c, null, -1), c.eventTime()));
  }

  private List<ClusterChange> changes() {
    return operator.harness().extractOutputValues();
  }

  private static InfectionInput infectionCase(String ref, String organism, long onset) {
    return CaseInputs.infectionCase(
        "e-" + ref, onset + DAY, "R1-H1-U1", ref, onset, "URINARY_TRACT", organism, 0);
  }
}
