package se.sakervard.infections;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What one place had on one local day, or over several days summed: patient days from the census,
 * infection cases by type (by onset), hygiene observations and multi-resistant findings. Sums, so
 * that a day's figures can be corrected (taken out and put back) and rates are ratios of sums. Kept
 * in state by {@link DayTotalsSerializer}: the first and last hours are day totals themselves,
 * which Flink's POJO analysis cannot follow.
 */
@TypeInfo(DayTotalsSerializer.Factory.class)
public final class DayTotals {
  public double patientDays;
  public long cases;
  public TreeMap<String, Long> casesByType = new TreeMap<>();
  public long observations;
  public long allCorrect;
  public long hygieneCorrect;
  public long dressCodeCorrect;
  public TreeMap<String, Long> multiResistant = new TreeMap<>();

  /**
   * Of a day's totals, those of its first and of its last hour (null: nothing there): the rolling
   * 30 days are 720 elapsed hours, which reach an hour into the day before them when a 23-hour day
   * is among them and leave out the first hour of their first day when a 25-hour day is ({@link
   * ThirtyDayIncidence#window}). Null inside these.
   */
  public DayTotals firstHour;

  public DayTotals lastHour;

  public DayTotals copy() {
    DayTotals c = new DayTotals();
    c.add(this, 1);
    return c;
  }

  /** Adds ({@code sign} 1) or takes out (-1) another's figures, its first and last hours too. */
  public DayTotals add(DayTotals o, int sign) {
    if (o.firstHour != null) {
      firstHour = (firstHour == null ? new DayTotals() : firstHour).add(o.firstHour, sign);
    }
    if (o.lastHour != null) {
      lastHour = (lastHour == null ? new DayTotals() : lastHour).add(o.lastHour, sign);
    }
    patientDays += sign * o.patientDays;
    cases += sign * o.cases;
    // A type that drops to zero (a case withdrawn or corrected to another type) stays, at 0: its
    // rows already written must be written again as 0, not left standing.
    merge(casesByType, o.casesByType, sign, true);
    observations += sign * o.observations;
    allCorrect += sign * o.allCorrect;
    hygieneCorrect += sign * o.hygieneCorrect;
    dressCodeCorrect += sign * o.dressCodeCorrect;
    merge(multiResistant, o.multiResistant, sign, false);
    return this;
  }

  /**
   * Counts ({@code sign} 1) or takes out (-1) one observation of the local day from {@code
   * dayStart} to {@code dayEnd}, in the day's first or last hour too when it counts there ({@link
   * InfectionInput#countsAt}).
   */
  public DayTotals add(InfectionInput o, int sign, long dayStart, long dayEnd) {
    add(o, sign);
    if (o.countsAt() < dayStart + HOUR_MS) {
      firstHour = (firstHour == null ? new DayTotals() : firstHour).add(o, sign);
    } else if (o.countsAt() >= dayEnd - HOUR_MS) {
      lastHour = (lastHour == null ? new DayTotals() : lastHour).add(o, sign);
    }
    return this;
  }

  /**
   * The day's patient days from the census, and its first and last hours' share of them: the census
   * publishes whole days, so an hour gets its day's patient days pro rata (our precision: at most
   * one hour of a 30-day window, at a clock change, is so estimated).
   */
  public DayTotals withPatientDays(double days, long dayStart, long dayEnd) {
    patientDays = days;
    double perHour = days * HOUR_MS / (dayEnd - dayStart);
    firstHour = firstHour == null ? new DayTotals() : firstHour;
    lastHour = lastHour == null ? new DayTotals() : lastHour;
    firstHour.patientDays = perHour;
    lastHour.patientDays = perHour;
    return this;
  }

  private static final long HOUR_MS = 3_600_000L;

  /** Counts ({@code sign} 1) or takes out (-1) one observation of the day. */
  public DayTotals add(InfectionInput o, int sign) {
    DayTotals one = new DayTotals();
    switch (o.kind()) {
      case CASE -> {
        one.cases = 1;
        one.casesByType.put(o.infectionType(), 1L);
      }
      case HYGIENE -> {
        one.observations = 1;
        one.allCorrect = o.hygiene().allCorrect() ? 1 : 0;
        one.hygieneCorrect = o.hygiene().hygieneCorrect() ? 1 : 0;
        one.dressCodeCorrect = o.hygiene().dressCodeCorrect() ? 1 : 0;
      }
      case MULTI_RESISTANT -> one.multiResistant.put(o.multiResistant(), 1L);
      case SURVEY_RECORD -> throw new IllegalArgumentException("survey records are not day totals");
    }
    return add(one, sign);
  }

  public ComplianceTally compliance() {
    return new ComplianceTally(observations, allCorrect, hygieneCorrect, dressCodeCorrect);
  }

  /** Nothing at all: no census, no case, no observation, no finding. */
  public boolean isEmpty() {
    return patientDays == 0
        && cases == 0
        && observations == 0
        && multiResistant.values().stream().allMatch(v -> v == 0);
  }

  private static void merge(
      TreeMap<String, Long> into, Map<String, Long> from, int sign, boolean keepZeros) {
    from.forEach(
        (k, v) -> {
          long n = into.getOrDefault(k, 0L) + sign * v;
          if (n == 0 && !keepZeros) {
            into.remove(k);
          } else {
            into.put(k, n);
          }
        });
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    Map<String, Long> m = new TreeMap<>(counts);
    m.values().removeIf(v -> v == 0);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayTotals d
        && Math.abs(d.patientDays - patientDays) < 1e-9
        && d.cases == cases
        && nonZero(d.casesByType).equals(nonZero(casesByType))
        && d.observations == observations
        && d.allCorrect == allCorrect
        && d.hygieneCorrect == hygieneCorrect
        && d.dressCodeCorrect == dressCodeCorrect
        && d.multiResistant.equals(multiResistant);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(cases, observations, nonZero(casesByType), multiResistant);
  }

  @Override
  public String toString() {
    return "DayTotals{patientDays=%s, cases=%s, casesByType=%s, observations=%s, all=%s, hygiene=%s, dress=%s, mrn=%s}"
        .formatted(
            patientDays,
            cases,
            casesByType,
            observations,
            allCorrect,
            hygieneCorrect,
            dressCodeCorrect,
            multiResistant);
  }
}
