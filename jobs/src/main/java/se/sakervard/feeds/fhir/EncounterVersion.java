package se.sakervard.feeds.fhir;

import java.util.List;

/**
 * What bed movements need of one version of a FHIR R4 Encounter, as the sender wrote it. Holds
 * identifiers in clear (the Encounter's and the patient's ids): it never leaves {@link
 * EncounterMapping}, which turns them into keyed hashes.
 *
 * @param id the Encounter's logical id
 * @param lastUpdated meta.lastUpdated, epoch ms, or null
 * @param status the status code, e.g. in-progress
 * @param classCode class.code, e.g. IMP, or null
 * @param patientId subject's Patient id, or null
 * @param locations location[] in the order written
 * @param serviceType serviceType's first code, or null
 * @param serviceProvider serviceProvider's Organization id, or null
 * @param end period.end, epoch ms, or null
 */
public record EncounterVersion(
    String id,
    Long lastUpdated,
    String status,
    String classCode,
    String patientId,
    List<LocationPeriod> locations,
    String serviceType,
    String serviceProvider,
    Long end) {

  /**
   * One location[] entry.
   *
   * @param location the Location's id (or identifier value)
   * @param status planned, active, reserved, completed, or null
   * @param start period.start, epoch ms, or null
   * @param end period.end, epoch ms, or null (still there)
   */
  public record LocationPeriod(String location, String status, Long start, Long end) {}

  /** The newest time the version mentions: its lastUpdated, else its latest period bound. */
  public long newestTime() {
    if (lastUpdated != null) {
      return lastUpdated;
    }
    long newest = end != null ? end : Long.MIN_VALUE;
    for (LocationPeriod l : locations) {
      newest = Math.max(newest, l.start() != null ? l.start() : Long.MIN_VALUE);
      newest = Math.max(newest, l.end() != null ? l.end() : Long.MIN_VALUE);
    }
    return newest;
  }
}
