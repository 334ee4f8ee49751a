package se.sakervard.infections;

import java.util.List;

/**
 * A cluster of infection cases (a possible outbreak) as it stands: two or more cases of one
 * pathogen on one unit, each within the window of the one before it by onset.
 *
 * @param clusterId the unit, the pathogen and the cluster's earliest case: the same cases give the
 *     same id whatever order they arrived in
 * @param openedAt the onset that made it a cluster: its second case's
 * @param lastOnset the onset of its newest case: when it last grew
 * @param closedAt lastOnset + the window, once event time has passed it with no new case; else null
 * @param mergedInto for status MERGED: the cluster that now holds its cases (a late case joined it
 *     to another, or came before its first case)
 * @param changes how many cases its unit and pathogen have gained or lost so far: its version grows
 *     with it
 */
public record InfectionCluster(
    String clusterId,
    String regionCode,
    String hospitalCode,
    String unitCode,
    String pathogen,
    List<String> caseRefs,
    long firstOnset,
    long openedAt,
    long lastOnset,
    Long closedAt,
    Status status,
    String mergedInto,
    long changes) {

  public enum Status {
    OPEN,
    CLOSED,
    MERGED,
    /** Fewer than two cases left: cases were withdrawn or corrected away. */
    DISSOLVED
  }

  public int size() {
    return caseRefs.size();
  }

  /**
   * Grows with every change: each case gained or lost by its unit and pathogen, and at one count
   * from open to closed to merged or dissolved. At least the 4 × size + rank of versions that knew
   * no withdrawals, since a unit and pathogen has gained at least as many cases as any of its
   * clusters holds.
   */
  public long version() {
    int rank =
        switch (status) {
          case OPEN -> 0;
          case CLOSED -> 1;
          case MERGED, DISSOLVED -> 3;
        };
    return 4L * Math.max(changes, size()) + rank;
  }
}
