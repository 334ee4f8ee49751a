package se.sakervard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import se.sakervard.schemas.infections.InfectionType;

/**
 * The ground truth of one outbreak {@link InfectionSimulator} seeded: the cases it sent as {@link
 * RecordKind#OUTBREAK_CASE}, all on one unit with one organism, each onset within {@link #window()}
 * of the one before. A cluster detector should find these; it may also find chance clusters of
 * sporadic cases, and a sporadic case may happen to join an outbreak's cluster.
 *
 * @param caseRefs in onset order; an outbreak near the end of the period is cut at its first case
 *     confirmed after the end, so it may have fewer than 3
 * @param firstOnset the onset of the first case sent
 * @param lastOnset the onset of the last case sent
 */
public record SeededOutbreak(
    String hospitalCode,
    String unitCode,
    String organism,
    InfectionType infectionType,
    List<String> caseRefs,
    Instant firstOnset,
    Instant lastOnset) {

  public SeededOutbreak {
    caseRefs = List.copyOf(caseRefs);
  }

  /** How far apart consecutive onsets may be: 72 hours for calici/norovirus, else 14 days. */
  public Duration window() {
    return Duration.ofMillis(InfectionFlow.detectionWindow(organism));
  }
}
