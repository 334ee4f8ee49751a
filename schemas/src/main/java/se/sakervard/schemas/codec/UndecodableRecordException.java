package se.sakervard.schemas.codec;

/** A Kafka record's bytes that are not a readable single-object-encoded Avro record. */
public final class UndecodableRecordException extends Exception {
  /** Why the bytes could not be read. */
  public enum Kind {
    /** Not single-object encoding, truncated, or not valid for the writer schema. */
    MALFORMED,
    /** A well-formed header whose schema fingerprint no released version has. */
    UNKNOWN_SCHEMA
  }

  private final Kind kind;

  public UndecodableRecordException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
