package se.sakervard.deviations;

/**
 * The counts of one place's open backlog at one instant (a month's end), kept so that a case's
 * changed timeline can be taken out and put back in. Public fields for Flink's state serializer.
 */
public final class MonthEndTally {
  public long open;
  public long[] over = new long[OpenBacklog.AGES_MS.length];
  public long serious;

  /** How many times the figures were written: a correction replaces the row it follows. */
  public long version;

  /** The counts at {@code t} of the cases with these timelines. */
  static MonthEndTally of(Iterable<CaseTimeline> cases, long t) {
    MonthEndTally tally = new MonthEndTally();
    for (CaseTimeline c : cases) {
      tally.add(c.at(t), +1);
    }
    return tally;
  }

  /** Adds ({@code sign} +1) or takes out (-1) a case open at the instant; nothing for null. */
  public void add(CaseTimeline.InBacklog c, int sign) {
    if (c == null) {
      return;
    }
    open += sign;
    serious += c.serious() ? sign : 0;
    for (int i = 0; i < over.length; i++) {
      // Open for more than the age: as the backlog now counts it.
      if (c.ageMs() > OpenBacklog.AGES_MS[i]) {
        over[i] += sign;
      }
    }
  }
}
