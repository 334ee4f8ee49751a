package se.sakervard.deviations;

import java.time.Duration;
import java.time.Instant;
import se.sakervard.core.source.SourceRecord;

/** Deviation events for tests, timed in days after {@link #DAY_0}. */
final class DeviationEvents {
  static final Instant DAY_0 = Instant.parse("2026-03-02T08:00:00Z");
  static final RiskRule RULE = new RiskRule(8, 3, Duration.ofDays(14));

  private DeviationEvents() {}

  static long day(double days) {
    return DAY_0.toEpochMilli() + Math.round(days * 86_400_000L);
  }

  /** Reported on {@code reportedDay}, occurred a day earlier, on unit R1-H1-U1. */
  static DeviationInput report(
      String id, String caseRef, double reportedDay, int consequence, int likelihood) {
    return event(
        id,
        caseRef,
        DeviationInput.Kind.REPORTED,
        reportedDay,
        day(reportedDay - 1),
        "FALL",
        "NEGATIVE_EVENT",
        consequence,
        likelihood,
        null,
        null);
  }

  static DeviationInput classify(
      String id, String caseRef, double atDay, int consequence, int likelihood, boolean serious) {
    return event(
        id,
        caseRef,
        DeviationInput.Kind.CLASSIFIED,
        atDay,
        null,
        "MEDICATION",
        "NEGATIVE_EVENT",
        consequence,
        likelihood,
        serious,
        null);
  }

  static DeviationInput investigate(String id, String caseRef, double atDay, boolean analysis) {
    return event(
        id,
        caseRef,
        DeviationInput.Kind.INVESTIGATION_STARTED,
        atDay,
        null,
        null,
        null,
        null,
        null,
        null,
        analysis);
  }

  static DeviationInput step(String id, String caseRef, DeviationInput.Kind kind, double atDay) {
    return event(id, caseRef, kind, atDay, null, null, null, null, null, null, null);
  }

  private static DeviationInput event(
      String id,
      String caseRef,
      DeviationInput.Kind kind,
      double atDay,
      Long occurred,
      String category,
      String type,
      Integer consequence,
      Integer likelihood,
      Boolean serious,
      Boolean analysis) {
    return new DeviationInput(
        id,
        day(atDay),
        "R1",
        "R1-H1",
        "R1-H1-U1",
        caseRef,
        kind,
        occurred,
        category,
        type,
        consequence,
        likelihood,
        serious,
        analysis,
        new SourceRecord("deviation-events", 0, id.hashCode() & 0xffff, id.getBytes()));
  }
}
