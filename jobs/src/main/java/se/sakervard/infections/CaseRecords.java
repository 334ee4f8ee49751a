package se.sakervard.infections;

import java.util.ArrayList;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import se.sakervard.core.state.CollectionTypeInfo;

/**
 * The records of one infection case and which of them counts (docs/indicators.md, "Corrections and
 * withdrawals"): none once the case is withdrawn; else the record of the highest revision, and of
 * two records of one revision the earlier ({@link InfectionInput#standsBefore}), the other being a
 * repeat. Which record stands depends only on the records, never on their arrival order.
 *
 * <p>Pure (no Flink); public fields for Flink's POJO state serializer.
 */
public final class CaseRecords {
  /** What one record changed: the case counted as {@code out} no longer, as {@code in} now. */
  public record Change(InfectionInput out, InfectionInput in, InfectionInput repeat) {}

  @TypeInfo(CollectionTypeInfo.ArrayListOf.class)
  public ArrayList<InfectionInput> records = new ArrayList<>();

  /** The withdrawal, once it came; null while the case stands. */
  public InfectionInput withdrawal;

  /** The record that counts, or null (withdrawn, or no record yet). */
  public InfectionInput standing() {
    if (withdrawal != null) {
      return null;
    }
    InfectionInput best = null;
    for (InfectionInput r : records) {
      if (best == null
          || r.revision() > best.revision()
          || (r.revision() == best.revision() && r.standsBefore(best))) {
        best = r;
      }
    }
    return best;
  }

  /**
   * Takes a case record or a withdrawal. Returns what changed: the record no longer counted, the
   * one counted now (either may be null), and a record that repeats a revision already there (to be
   * dead-lettered), if any.
   */
  public Change take(InfectionInput r) {
    for (InfectionInput known : records) {
      if (known.eventId().equals(r.eventId())) {
        return new Change(null, null, null);
      }
    }
    InfectionInput before = standing();
    InfectionInput repeat = null;
    if (r.kind() == InfectionInput.Kind.CASE_RETRACTION) {
      if (withdrawal == null || r.standsBefore(withdrawal)) {
        withdrawal = r;
      }
    } else {
      InfectionInput same = sameRevision(r);
      if (same != null) {
        repeat = r.standsBefore(same) ? same : r;
        if (repeat == same) {
          records.remove(same);
          records.add(r);
        }
      } else {
        records.add(r);
      }
    }
    InfectionInput after = standing();
    return before == after ? new Change(null, null, repeat) : new Change(before, after, repeat);
  }

  /** The newest onset among the records: until its day is past correction the case may change. */
  public long newestOnset() {
    long newest = Long.MIN_VALUE;
    for (InfectionInput r : records) {
      newest = Math.max(newest, r.onset());
    }
    return newest;
  }

  private InfectionInput sameRevision(InfectionInput r) {
    for (InfectionInput known : records) {
      if (known.revision() == r.revision()) {
        return known;
      }
    }
    return null;
  }
}
