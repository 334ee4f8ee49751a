package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReopened;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.ComplaintAnswered;
import se.sakervard.schemas.deviations.ComplaintReceived;
import se.sakervard.schemas.deviations.InvestigationStarted;
import se.sakervard.schemas.deviations.LexMariaFiled;

/**
 * The valid events of a run gathered by case, each case's in event-time order, and the figures the
 * calibration is about. Fault records ({@link DeviationFaultRates}) are left out, but a report sent
 * after its close counts as the case's report.
 */
final class DeviationCases {
  /** One case's report and the events after it. */
  static final class Case {
    final String ref;
    Instant reported;
    CaseReported report;
    final List<DeviationRun.Sent> events = new ArrayList<>();

    Case(String ref) {
      this.ref = ref;
    }

    Instant occurred() {
      return report.getOccurredTime();
    }

    <T> List<Instant> times(Class<T> change) {
      return events.stream()
          .filter(e -> change.isInstance(e.event().getChange()))
          .map(DeviationRun.Sent::eventTime)
          .toList();
    }

    <T> Instant first(Class<T> change) {
      List<Instant> times = times(change);
      return times.isEmpty() ? null : times.get(0);
    }

    List<CaseClassified> classifications() {
      return events.stream()
          .map(e -> e.event().getChange())
          .filter(CaseClassified.class::isInstance)
          .map(CaseClassified.class::cast)
          .toList();
    }

    boolean eventAnalysis() {
      return events.stream()
          .anyMatch(
              e -> e.event().getChange() instanceof InvestigationStarted i && i.getEventAnalysis());
    }

    /** Open at this instant: reported, and not closed since the last reopening. */
    boolean openAt(Instant t) {
      if (reported.isAfter(t)) {
        return false;
      }
      boolean open = true;
      for (DeviationRun.Sent e : events) {
        if (e.eventTime().isAfter(t)) {
          break;
        }
        if (e.event().getChange() instanceof CaseClosed) {
          open = false;
        } else if (e.event().getChange() instanceof CaseReopened) {
          open = true;
        }
      }
      return open;
    }

    Duration reportingDelay() {
      return Duration.between(occurred(), reported);
    }

    /** From report to the first close; null when not closed within the run. */
    Duration handlingTime() {
      Instant closed = first(CaseClosed.class);
      return closed == null ? null : Duration.between(reported, closed);
    }

    boolean lexMaria() {
      return first(LexMariaFiled.class) != null;
    }

    boolean complaint() {
      return first(ComplaintReceived.class) != null;
    }

    /** From complaint to answer; null when unanswered within the run. */
    Duration complaintAnswerTime() {
      Instant answered = first(ComplaintAnswered.class);
      return answered == null ? null : Duration.between(first(ComplaintReceived.class), answered);
    }
  }

  private final Map<String, Case> cases = new LinkedHashMap<>();

  DeviationCases(List<DeviationRun.Sent> sent) {
    for (DeviationRun.Sent s : sent) {
      switch (s.kind()) {
        case ORPHAN_EVENT, IMPOSSIBLE_ORDER -> {
          continue;
        }
        default -> {}
      }
      Case c = cases.computeIfAbsent(s.caseRef(), Case::new);
      if (s.event().getChange() instanceof CaseReported r) {
        c.report = r;
        c.reported = s.eventTime();
      } else {
        c.events.add(s);
      }
    }
    cases.values().forEach(c -> c.events.sort((a, b) -> a.eventTime().compareTo(b.eventTime())));
  }

  Collection<Case> all() {
    return cases.values();
  }

  Case get(String ref) {
    return cases.get(ref);
  }

  /** Cases reported before this instant. */
  List<Case> reportedBefore(Instant t) {
    return cases.values().stream().filter(c -> c.reported.isBefore(t)).toList();
  }

  /** The q-quantile in days, counting a null (not yet happened) as longer than any. */
  static double quantileDays(List<Duration> durations, double q) {
    double[] days =
        durations.stream()
            .mapToDouble(d -> d == null ? Double.POSITIVE_INFINITY : d.toMillis() / 86_400_000.0)
            .sorted()
            .toArray();
    return days[(int) Math.floor(q * (days.length - 1))];
  }

  static double share(Collection<Case> cases, java.util.function.Predicate<Case> which) {
    return (double) cases.stream().filter(which).count() / cases.size();
  }
}
