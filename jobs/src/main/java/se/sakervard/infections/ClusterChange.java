package se.sakervard.infections;

/**
 * What happened to a cluster, and the cluster after it.
 *
 * @param changedAt for SHRANK and DISSOLVED: the event time of the withdrawal or correction that
 *     took a case out; null otherwise
 */
public record ClusterChange(Kind kind, InfectionCluster cluster, Long changedAt) {

  public ClusterChange(Kind kind, InfectionCluster cluster) {
    this(kind, cluster, null);
  }

  /**
   * The event time of the change: the onset that opened or grew it, when it closed, when a case was
   * taken out of it.
   */
  public long at() {
    return switch (kind) {
      case OPENED -> cluster.openedAt();
      case CLOSED -> cluster.closedAt();
      case GREW, MERGED -> cluster.lastOnset();
      case SHRANK, DISSOLVED -> changedAt != null ? changedAt : cluster.lastOnset();
    };
  }

  public enum Kind {
    /** Two cases within the window: a new cluster. */
    OPENED,
    /** A case joined (also a late one, and also one that joined clusters together). */
    GREW,
    /** No new case within the window after the newest: the cluster is closed. */
    CLOSED,
    /** A late case put this cluster's cases into another one ({@code mergedInto}). */
    MERGED,
    /** A case was withdrawn or corrected away; two or more are left. */
    SHRANK,
    /** A case was withdrawn or corrected away and fewer than two are left: no cluster any more. */
    DISSOLVED
  }
}
