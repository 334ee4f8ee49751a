package se.sakervard.simulator;

/** What a {@link SimulatedRecord} carries, for counting what was sent. */
public enum RecordKind {
  ADMISSION,
  TRANSFER,
  DISCHARGE,
  AVAILABLE_BEDS,
  /** A second copy of a record already sent (same bytes, same event id). */
  DUPLICATE,
  /** Bytes no reader can decode. */
  MALFORMED
}
