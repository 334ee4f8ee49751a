package se.sakervard.deviations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The events of one case in event-time order, and the facts they add up to. Events may arrive in
 * any order: those before the report are held until it arrives.
 *
 * <p>Rules (docs/indicators.md): a second report of a case is rejected (the first stands; a
 * correction is a classification); an event timed before the case was reported (so also one before
 * it occurred) is rejected, when it arrives or, if it was held, when the report arrives. A close
 * while closed and a reopening while open change nothing. Held events keep their raw record for the
 * dead letters; accepted ones drop it. Mutable; a public field for Flink's state serializer.
 */
public final class CaseHistory {
  private static final Comparator<DeviationInput> EVENT_ORDER =
      Comparator.comparingLong(DeviationInput::eventTime).thenComparing(DeviationInput::eventId);

  /** An event the case cannot take, and why. */
  public record Rejection(DeviationInput event, String reason) {}

  /** Every accepted or held event, in event-time order. */
  public List<DeviationInput> events = new ArrayList<>();

  /** Takes an event; returns the events rejected because of it (it, or held ones). */
  public List<Rejection> add(DeviationInput event) {
    DeviationInput report = report();
    List<Rejection> rejected = new ArrayList<>();
    if (event.kind() == DeviationInput.Kind.REPORTED) {
      if (report != null) {
        rejected.add(
            new Rejection(
                event,
                "case "
                    + event.caseRef()
                    + " was already reported by event "
                    + report.eventId()
                    + "; that report stands (correct a case with a CaseClassified)"));
        return rejected;
      }
      for (Iterator<DeviationInput> held = events.iterator(); held.hasNext(); ) {
        DeviationInput e = held.next();
        if (e.eventTime() < event.eventTime()) {
          held.remove();
          rejected.add(new Rejection(e, beforeReport(e, event)));
        }
      }
    } else if (report != null && event.eventTime() < report.eventTime()) {
      rejected.add(new Rejection(event, beforeReport(event, report)));
      return rejected;
    }
    int at = 0;
    while (at < events.size() && EVENT_ORDER.compare(events.get(at), event) < 0) {
      at++;
    }
    events.add(at, event);
    if (event.kind() == DeviationInput.Kind.REPORTED || report != null) {
      // Accepted events of a reported case are never rejected later: their raw bytes can go.
      events.replaceAll(DeviationInput::withoutOrigin);
    }
    return rejected;
  }

  /** True once the report has arrived: only then are there facts. */
  public boolean reported() {
    return report() != null;
  }

  /** The events waiting for their report; empty once reported. */
  public List<DeviationInput> held() {
    return reported() ? List.of() : List.copyOf(events);
  }

  /** The newest event time of the case. */
  public long newestEventTime() {
    return events.isEmpty() ? Long.MIN_VALUE : events.get(events.size() - 1).eventTime();
  }

  /** The facts the events add up to; only for a reported case. */
  public CaseFacts facts(RiskRule rule) {
    DeviationInput report = report();
    if (report == null) {
      throw new IllegalStateException("case has no report yet");
    }
    String category = report.category();
    String type = report.deviationType();
    int consequence = report.consequence();
    int likelihood = report.likelihood();
    boolean serious = false;
    Long classified = null;
    Long investigation = null;
    Long analysis = null;
    Long actions = null;
    Long firstClosed = null;
    Long closed = null;
    boolean open = true;
    int reopenings = 0;
    Long lexMaria = null;
    Long complaint = null;
    Long answered = null;
    boolean enteredInError = false;
    // The backlog state from the report on: a step wherever it is open or closed, serious or not.
    List<CaseTimeline.Step> steps = new ArrayList<>();
    steps.add(new CaseTimeline.Step(report.eventTime(), true, false));
    for (DeviationInput e : events) {
      long t = e.eventTime();
      switch (e.kind()) {
        case REPORTED -> {}
        case CLASSIFIED -> {
          category = e.category();
          type = e.deviationType();
          consequence = e.consequence();
          likelihood = e.likelihood();
          if (serious != e.seriousCareInjury()) {
            serious = e.seriousCareInjury();
            steps.add(new CaseTimeline.Step(t, open, serious));
          }
          classified = first(classified, t);
        }
        case INVESTIGATION_STARTED -> {
          investigation = first(investigation, t);
          if (e.eventAnalysis()) {
            analysis = first(analysis, t);
          }
        }
        case ACTIONS_DECIDED -> actions = first(actions, t);
        case CLOSED -> {
          if (open) {
            open = false;
            closed = t;
            firstClosed = first(firstClosed, t);
            steps.add(new CaseTimeline.Step(t, false, serious));
          }
        }
        case REOPENED -> {
          if (!open) {
            open = true;
            closed = null;
            reopenings++;
            steps.add(new CaseTimeline.Step(t, true, serious));
          }
        }
        case ENTERED_IN_ERROR -> enteredInError = true;
        case LEX_MARIA_FILED -> lexMaria = first(lexMaria, t);
        case COMPLAINT_RECEIVED -> complaint = first(complaint, t);
        case COMPLAINT_ANSWERED -> answered = first(answered, t);
      }
    }
    boolean needsAnalysis = rule.needsEventAnalysis(consequence, likelihood);
    return new CaseFacts(
        report.caseRef(),
        report.regionCode(),
        report.hospitalCode(),
        report.unitCode(),
        report.occurredTime(),
        report.eventTime(),
        category,
        type,
        consequence,
        likelihood,
        serious,
        needsAnalysis,
        classified,
        investigation,
        analysis,
        needsAnalysis ? report.eventTime() + rule.deadline().toMillis() : null,
        actions,
        firstClosed,
        closed,
        reopenings,
        lexMaria,
        complaint,
        answered,
        events.size(),
        new CaseTimeline(report.eventTime(), List.copyOf(steps)),
        enteredInError);
  }

  private DeviationInput report() {
    for (DeviationInput e : events) {
      if (e.kind() == DeviationInput.Kind.REPORTED) {
        return e;
      }
    }
    return null;
  }

  private static Long first(Long current, long t) {
    return current == null ? t : current;
  }

  private static String beforeReport(DeviationInput event, DeviationInput report) {
    boolean beforeOccurred = event.eventTime() < report.occurredTime();
    return event.kind()
        + " at "
        + java.time.Instant.ofEpochMilli(event.eventTime())
        + " is before case "
        + report.caseRef()
        + (beforeOccurred ? " occurred (" : " was reported (")
        + java.time.Instant.ofEpochMilli(
            beforeOccurred ? report.occurredTime() : report.eventTime())
        + "): impossible time order";
  }
}
