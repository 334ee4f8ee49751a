package se.sakervard.infections;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import se.sakervard.core.state.CollectionTypeInfo;

/**
 * The clusters of one pathogen on one unit, from its cases in onset order: a cluster is a run of
 * two or more cases each at most the window after the one before it. Under the baseline-aware rule
 * ({@link BaselineClusterRule}) a run is a cluster only from the first case whose window holds more
 * cases than the unit's own rate makes likely; a run once reported stays a cluster. Which clusters
 * exist depends only on the cases, never on the order they arrived in; a late case can start a
 * cluster, join one, reopen a closed one or join two into one; a case taken out ({@link #remove})
 * shrinks, splits or dissolves its cluster.
 *
 * <p>Pure (no Flink); public fields for Flink's POJO state serializer.
 */
public final class CaseClusters {
  public String regionCode;
  public String hospitalCode;
  public String unitCode;
  public String pathogen;
  public long windowMs;

  /** The baseline-aware rule's alpha; 0 for the plain two-case rule. */
  public double alpha;

  public double priorPerYear;
  public long baselineMs;

  /** The earliest onset ever taken: where the unit's observed history of the pathogen begins. */
  public long firstSeen = Long.MAX_VALUE;

  /** The cases in onset order. */
  @TypeInfo(CollectionTypeInfo.ArrayListOf.class)
  public ArrayList<ClusterCase> cases = new ArrayList<>();

  /** The clusters as last reported, by id (OPEN or CLOSED). */
  @TypeInfo(CollectionTypeInfo.HashMapOf.class)
  public HashMap<String, InfectionCluster> clusters = new HashMap<>();

  /**
   * Cases gained and lost so far: the clusters' versions grow with it. (State from versions before
   * withdrawals starts at 0 and is raised to the cases held, see {@link #countChange}.)
   */
  public long changes;

  public CaseClusters() {}

  public CaseClusters(
      String regionCode, String hospitalCode, String unitCode, Pathogen pathogen, long windowMs) {
    this.regionCode = regionCode;
    this.hospitalCode = hospitalCode;
    this.unitCode = unitCode;
    this.pathogen = pathogen.key();
    this.windowMs = windowMs;
  }

  /** The same, under the baseline-aware rule: cases are kept the baseline period for its rate. */
  public CaseClusters(
      String regionCode,
      String hospitalCode,
      String unitCode,
      Pathogen pathogen,
      long windowMs,
      BaselineClusterRule rule) {
    this(regionCode, hospitalCode, unitCode, pathogen, windowMs);
    this.alpha = rule.alpha();
    this.priorPerYear = rule.priorPerYear();
    this.baselineMs = rule.baseline().toMillis();
  }

  /** How long before a run its cases still count: the baseline period, 0 under the plain rule. */
  public long historyMs() {
    return alpha > 0 ? baselineMs : 0;
  }

  /**
   * Takes a case; returns what changed. A case reference seen before changes nothing (the first
   * report of a case stands).
   *
   * @param eventTime how far event time has got: clusters whose window has passed are closed
   */
  public List<ClusterChange> add(ClusterCase c, long eventTime) {
    for (ClusterCase known : cases) {
      if (known.caseRef.equals(c.caseRef)) {
        return List.of();
      }
    }
    int at = 0;
    while (at < cases.size() && ClusterCase.compare(cases.get(at), c) < 0) {
      at++;
    }
    cases.add(at, c);
    countChange();
    firstSeen = Math.min(firstSeen, c.onset);
    return update(eventTime, null, null);
  }

  /**
   * Takes a case out (withdrawn, or corrected to another unit, pathogen or onset); returns what
   * changed: its clusters shrink, split or dissolve as if it had never come. Under the baseline
   * rule the clusters it was in are judged again without it; the others stay reported.
   *
   * @param changedAt the event time of the withdrawal or correction: when the clusters changed
   */
  public List<ClusterChange> remove(String caseRef, long eventTime, long changedAt) {
    ClusterCase gone = null;
    for (ClusterCase known : cases) {
      if (known.caseRef.equals(caseRef)) {
        gone = known;
      }
    }
    if (gone == null) {
      return List.of();
    }
    cases.remove(gone);
    countChange();
    return update(eventTime, caseRef, changedAt);
  }

  /** Closes the clusters with no new case within the window before {@code eventTime}. */
  public List<ClusterChange> closeUpTo(long eventTime) {
    return update(eventTime, null, null);
  }

  /** The instant the next open cluster closes if no case comes, or null. */
  public Long nextClosing() {
    Long next = null;
    for (InfectionCluster c : clusters.values()) {
      if (c.status() == InfectionCluster.Status.OPEN) {
        long closes = c.lastOnset() + windowMs + 1;
        next = next == null ? closes : Math.min(next, closes);
      }
    }
    return next;
  }

  /**
   * Forgets the closed clusters that ended before {@code t}, and the cases with onset before it
   * that no remaining cluster holds. A cluster is kept or forgotten whole: forgetting the early
   * cases of a long cluster would split it, and it would seem to vanish.
   */
  public void forgetBefore(long t) {
    clusters
        .values()
        .removeIf(c -> c.status() == InfectionCluster.Status.CLOSED && c.lastOnset() < t);
    Set<String> inClusters = new HashSet<>();
    clusters.values().forEach(c -> inClusters.addAll(c.caseRefs()));
    cases.removeIf(c -> c.onset < t && !inClusters.contains(c.caseRef));
  }

  private void countChange() {
    changes = Math.max(changes, cases.size()) + 1;
  }

  /**
   * @param removed the case just taken out, whose clusters are judged again; null for none
   * @param changedAt when it was taken out; null for none
   */
  private List<ClusterChange> update(long eventTime, String removed, Long changedAt) {
    Map<String, InfectionCluster> now = new HashMap<>();
    Set<String> reported = new HashSet<>();
    clusters.values().stream()
        .filter(c -> removed == null || !c.caseRefs().contains(removed))
        .forEach(c -> reported.addAll(c.caseRefs()));
    for (List<ClusterCase> run : runs()) {
      Long opened = openedAt(run, reported);
      if (opened != null) {
        InfectionCluster c = cluster(run, opened, eventTime);
        now.put(c.clusterId(), c);
      }
    }
    List<ClusterChange> changes = new ArrayList<>();
    for (InfectionCluster before : clusters.values()) {
      if (!now.containsKey(before.clusterId())) {
        String into = holderOf(now, before.caseRefs().get(0));
        boolean merged = into != null;
        List<String> left =
            merged ? before.caseRefs() : before.caseRefs().stream().filter(this::holds).toList();
        changes.add(
            new ClusterChange(
                merged ? ClusterChange.Kind.MERGED : ClusterChange.Kind.DISSOLVED,
                new InfectionCluster(
                    before.clusterId(),
                    before.regionCode(),
                    before.hospitalCode(),
                    before.unitCode(),
                    before.pathogen(),
                    left,
                    before.firstOnset(),
                    before.openedAt(),
                    before.lastOnset(),
                    before.closedAt(),
                    merged ? InfectionCluster.Status.MERGED : InfectionCluster.Status.DISSOLVED,
                    into,
                    this.changes),
                merged ? null : changedAt));
      }
    }
    for (InfectionCluster after : now.values()) {
      InfectionCluster before = clusters.get(after.clusterId());
      ClusterChange.Kind kind = kindOf(before, after);
      if (kind != null) {
        changes.add(
            new ClusterChange(kind, after, kind == ClusterChange.Kind.SHRANK ? changedAt : null));
      }
    }
    clusters = new HashMap<>(now);
    changes.sort(
        (a, b) ->
            a.kind() == b.kind()
                ? a.cluster().clusterId().compareTo(b.cluster().clusterId())
                : a.kind().compareTo(b.kind()));
    return changes;
  }

  private ClusterChange.Kind kindOf(InfectionCluster before, InfectionCluster after) {
    if (before != null && after.size() < before.size()) {
      return ClusterChange.Kind.SHRANK;
    }
    if (before == null) {
      boolean continuesOthers =
          clusters.values().stream().anyMatch(c -> after.caseRefs().containsAll(c.caseRefs()));
      return continuesOthers ? ClusterChange.Kind.GREW : ClusterChange.Kind.OPENED;
    }
    if (after.size() > before.size()) {
      return ClusterChange.Kind.GREW;
    }
    if (after.status() != before.status() || !Objects.equals(after.closedAt(), before.closedAt())) {
      return ClusterChange.Kind.CLOSED;
    }
    return null;
  }

  /** The cluster holding the case, or null: the case was taken out or is in no cluster now. */
  private static String holderOf(Map<String, InfectionCluster> clusters, String caseRef) {
    for (InfectionCluster c : clusters.values()) {
      if (c.caseRefs().contains(caseRef)) {
        return c.clusterId();
      }
    }
    return null;
  }

  private boolean holds(String caseRef) {
    return cases.stream().anyMatch(c -> c.caseRef.equals(caseRef));
  }

  /** The runs of two or more cases each within the window of the one before. */
  private List<List<ClusterCase>> runs() {
    List<List<ClusterCase>> runs = new ArrayList<>();
    List<ClusterCase> run = new ArrayList<>();
    for (ClusterCase c : cases) {
      if (!run.isEmpty() && c.onset - run.get(run.size() - 1).onset > windowMs) {
        if (run.size() >= 2) {
          runs.add(run);
        }
        run = new ArrayList<>();
      }
      run.add(c);
    }
    if (run.size() >= 2) {
      runs.add(run);
    }
    return runs;
  }

  /**
   * When the run became a cluster: its second case under the plain rule; under the baseline rule
   * the first case whose window holds the rule's minimum, or its first case if it was reported
   * before (null: not a cluster).
   */
  private Long openedAt(List<ClusterCase> run, Set<String> reported) {
    if (alpha <= 0) {
      return run.get(1).onset;
    }
    BaselineClusterRule rule =
        new BaselineClusterRule(alpha, priorPerYear, java.time.Duration.ofMillis(baselineMs));
    long start = run.get(0).onset;
    long history = 0;
    for (ClusterCase c : cases) {
      if (c.onset >= start - baselineMs && c.onset < start) {
        history++;
      }
    }
    double rate = rule.ratePerMs(history, start - firstSeen);
    // A scan over every stretch of the run that ends at case i: slow outbreaks (five C. difficile
    // cases over a month) show over the long stretch, bursts over a short one.
    for (int i = 1; i < run.size(); i++) {
      for (int j = i - 1; j >= 0; j--) {
        long span = run.get(i).onset - run.get(j).onset + windowMs;
        if (rule.flags(i - j + 1, rate, span)) {
          return run.get(i).onset;
        }
      }
    }
    for (ClusterCase c : run) {
      if (reported.contains(c.caseRef)) {
        return run.get(1).onset;
      }
    }
    return null;
  }

  private InfectionCluster cluster(List<ClusterCase> run, long openedAt, long eventTime) {
    long last = run.get(run.size() - 1).onset;
    boolean closed = eventTime > last + windowMs;
    return new InfectionCluster(
        unitCode + "/" + pathogen + "/" + run.get(0).caseRef,
        regionCode,
        hospitalCode,
        unitCode,
        pathogen,
        run.stream().map(c -> c.caseRef).toList(),
        run.get(0).onset,
        openedAt,
        last,
        closed ? last + windowMs : null,
        closed ? InfectionCluster.Status.CLOSED : InfectionCluster.Status.OPEN,
        null,
        changes);
  }
}
