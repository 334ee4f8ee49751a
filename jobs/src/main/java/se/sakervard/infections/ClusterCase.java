package se.sakervard.infections;

/**
 * One confirmed infection case as cluster detection sees it. Public fields for Flink's POJO state.
 */
public final class ClusterCase {
  public String caseRef;
  public long onset;

  public ClusterCase() {}

  public ClusterCase(String caseRef, long onset) {
    this.caseRef = caseRef;
    this.onset = onset;
  }

  /** Onset order; the case reference breaks ties, so the order never depends on arrival. */
  static int compare(ClusterCase a, ClusterCase b) {
    int byOnset = Long.compare(a.onset, b.onset);
    return byOnset != 0 ? byOnset : a.caseRef.compareTo(b.caseRef);
  }
}
