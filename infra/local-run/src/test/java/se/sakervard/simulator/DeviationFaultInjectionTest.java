package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.schemas.deviations.ActionsDecided;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.DeviationEvent;

/**
 * The deviation faults come at about their rates and look like what they are named; the per-record
 * faults apply to deviation records too. The rates here are 10-40 times {@link
 * DeviationFaultRates#typical()} so that eight months of a two-hospital region (about 12,000 cases)
 * have enough of each to count.
 */
class DeviationFaultInjectionTest {
  private static final DeviationFaultRates RATES = new DeviationFaultRates(0.02, 0.02, 0.02);
  private static final Set<RecordKind> FAULTS =
      Set.of(
          RecordKind.DUPLICATE,
          RecordKind.MALFORMED,
          RecordKind.REPORT_AFTER_CLOSE,
          RecordKind.ORPHAN_EVENT,
          RecordKind.IMPOSSIBLE_ORDER);

  private static DeviationRun faulty;
  private static List<DeviationRun.Sent> sent;
  private static Map<String, DeviationRun.Sent> reports;
  private static long closedCases;

  @BeforeAll
  static void simulate() {
    faulty =
        DeviationRun.of(
            2, 5, "2025-01-06T00:00:00Z", Duration.ofDays(240), FaultRates.none(), RATES);
    sent = faulty.sent();
    reports = new HashMap<>();
    sent.stream()
        .filter(s -> s.event().getChange() instanceof CaseReported)
        .forEach(s -> reports.put(s.caseRef(), s));
    closedCases =
        sent.stream()
            .filter(s -> s.kind() == RecordKind.CASE_CLOSED)
            .map(DeviationRun.Sent::caseRef)
            .distinct()
            .count();
  }

  @Test
  void shouldInjectEachDeviationFaultAtAboutItsRate() {
    assertThat(reports).hasSizeGreaterThan(10_000);
    assertThat((double) faulty.count(RecordKind.REPORT_AFTER_CLOSE) / closedCases)
        .isCloseTo(RATES.reportAfterClose(), within(RATES.reportAfterClose() * 0.25));
    // An orphan event timed after the end of the period is not sent: about 1% of them.
    assertThat((double) faulty.count(RecordKind.ORPHAN_EVENT) / reports.size())
        .isCloseTo(RATES.orphanEvent(), within(RATES.orphanEvent() * 0.25));
    // A mistyped close timed before the period is not sent: those of the cases that occurred in
    // its first 15 days or so (1-30 days before), about 7% of them in 240 days.
    assertThat((double) faulty.count(RecordKind.IMPOSSIBLE_ORDER) / reports.size())
        .isCloseTo(RATES.impossibleOrder() * 0.93, within(RATES.impossibleOrder() * 0.25));
  }

  @Test
  void shouldSendAReportAfterCloseOnlyAfterItsCaseIsClosed() {
    Map<String, DeviationRun.Sent> firstClose = new HashMap<>();
    int checked = 0;
    for (DeviationRun.Sent s : sent) {
      if (s.kind() == RecordKind.CASE_CLOSED) {
        firstClose.putIfAbsent(s.caseRef(), s);
      } else if (s.kind() == RecordKind.REPORT_AFTER_CLOSE) {
        DeviationRun.Sent close = firstClose.get(s.caseRef());
        assertThat(close).as("close sent before the report of " + s.caseRef()).isNotNull();
        assertThat(Duration.between(close.record().sendAt(), s.record().sendAt()))
            .isBetween(Duration.ofHours(1), Duration.ofDays(2));
        assertThat(s.event().getChange()).isInstanceOf(CaseReported.class);
        assertThat(s.eventTime()).isEqualTo(s.record().eventTime()).isBefore(close.eventTime());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void shouldNeverReportTheCaseOfAnOrphanEvent() {
    List<DeviationRun.Sent> orphans =
        sent.stream().filter(s -> s.kind() == RecordKind.ORPHAN_EVENT).toList();
    Map<String, Long> recordsPerCase =
        sent.stream()
            .collect(Collectors.groupingBy(DeviationRun.Sent::caseRef, Collectors.counting()));

    assertThat(orphans)
        .hasSizeGreaterThan(100)
        .allSatisfy(
            o -> {
              assertThat(reports).doesNotContainKey(o.caseRef());
              assertThat(recordsPerCase.get(o.caseRef())).isEqualTo(1);
              assertThat(o.event().getChange())
                  .isInstanceOfAny(CaseClosed.class, ActionsDecided.class);
            });
  }

  @Test
  void shouldTimeAnImpossibleCloseBeforeItsCaseOccurredAndSendItAfterTheReport() {
    List<DeviationRun.Sent> impossible =
        sent.stream().filter(s -> s.kind() == RecordKind.IMPOSSIBLE_ORDER).toList();

    assertThat(impossible)
        .hasSizeGreaterThan(100)
        .allSatisfy(
            s -> {
              DeviationRun.Sent report = reports.get(s.caseRef());
              Instant occurred = ((CaseReported) report.event().getChange()).getOccurredTime();
              assertThat(s.event().getChange()).isInstanceOf(CaseClosed.class);
              assertThat(s.eventTime())
                  .isBefore(occurred)
                  .isAfterOrEqualTo(faulty.config().start());
              assertThat(s.record().sendAt()).isAfter(report.eventTime());
            });
  }

  @Test
  void shouldInjectNothingWithoutFaults() {
    DeviationRun clean =
        DeviationRun.of(
            2,
            5,
            "2025-01-06T00:00:00Z",
            Duration.ofDays(60),
            FaultRates.none(),
            DeviationFaultRates.none());

    assertThat(clean.records())
        .hasSizeGreaterThan(5000)
        .allSatisfy(r -> assertThat(r.sendAt()).isEqualTo(r.eventTime()))
        .noneMatch(r -> FAULTS.contains(r.kind()));
  }

  @Test
  void shouldApplyTheRecordFaultsToDeviationRecordsToo() {
    FaultRates rates = new FaultRates(0.02, 0.02, 0.005, Duration.ofHours(6), 0.01);
    DeviationRun run =
        DeviationRun.of(
            2, 6, "2025-01-06T00:00:00Z", Duration.ofDays(90), rates, DeviationFaultRates.none());
    long valid =
        run.records().size() - run.count(RecordKind.DUPLICATE) - run.count(RecordKind.MALFORMED);
    SingleObjectCodec<DeviationEvent> codec = SingleObjectCodec.of(DeviationEvent.class);

    assertThat((double) run.count(RecordKind.DUPLICATE) / valid)
        .isCloseTo(rates.duplicate(), within(rates.duplicate() * 0.25));
    assertThat((double) run.count(RecordKind.MALFORMED) / valid)
        .isCloseTo(rates.malformed(), within(rates.malformed() * 0.3));
    assertThat(run.records().stream().filter(r -> r.kind() == RecordKind.MALFORMED))
        .allSatisfy(
            r ->
                assertThatThrownBy(() -> codec.decode(r.value()))
                    .isInstanceOf(UndecodableRecordException.class));
    Instant previous = Instant.MIN;
    for (SimulatedRecord record : run.records()) {
      assertThat(record.sendAt()).isAfterOrEqualTo(previous).isAfterOrEqualTo(record.eventTime());
      previous = record.sendAt();
    }
  }
}
