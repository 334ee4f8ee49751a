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
    String mergedInto) {

  public enum Status {
    OPEN,
    CLOSED,
    MERGED
  }

  public int size() {
    return caseRefs.size();
  }

  /**
   * Grows with every change whatever order the cases came in: a cluster only gains cases, and at
   * one size goes from open to closed to merged.
   */
  public long version() {
    int rank =
        switch (status) {
          case OPEN -> 0;
          case CLOSED -> 1;
          case MERGED -> 3;
        };
    return 4L * size() + rank;
  }
}
