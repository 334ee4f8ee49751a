package se.sakervard.deviations;

import java.util.List;

/**
 * A case's place in the open backlog over time: open or closed, serious care injury or not, from
 * its report on. What the backlog at a past instant needs of a case, which its facts now (the close
 * that stands, the latest classification) cannot tell once it was reopened or reclassified.
 *
 * <pre>{@code
 * CaseTimeline.InBacklog b = facts.timeline().at(monthEnd); // null: not open at the month's end
 * }</pre>
 *
 * @param reportedAt when the case was reported: its age in the backlog is counted from here
 * @param steps the case's backlog state from each step's instant until the next step, in event-time
 *     order; the first is the report (open, not serious)
 */
public record CaseTimeline(long reportedAt, List<Step> steps) {

  /** The case's state from {@code at} on: open or not, classified serious care injury or not. */
  public record Step(long at, boolean open, boolean serious) {}

  /**
   * An open case at an instant.
   *
   * @param ageMs time since the report
   * @param serious classified allvarlig vårdskada by then
   */
  public record InBacklog(long ageMs, boolean serious) {}

  /**
   * The case in the backlog at {@code t}, counting every event before {@code t} and none at or
   * after it (at a month's end: the month's events, none of the next month's); null if it was not
   * open then (not yet reported, or closed).
   */
  public InBacklog at(long t) {
    Step current = null;
    for (Step s : steps) {
      if (s.at() >= t) {
        break;
      }
      current = s;
    }
    return current == null || !current.open()
        ? null
        : new InBacklog(t - reportedAt, current.serious());
  }

  /**
   * False when the case cannot be open at any instant after {@code t} as far as its events tell: it
   * was closed at or before {@code t} and nothing changed after. A later reopening comes as a new
   * timeline.
   */
  public boolean mayBeOpenAfter(long t) {
    Step last = steps.get(steps.size() - 1);
    return last.open() || last.at() > t;
  }
}
