package se.sakervard.core.ingest;

import java.io.Serializable;
import se.sakervard.core.source.SourceRecord;

/** Decodes and validates one stream's raw records; one instance per operator instance. */
public interface RecordDecoder<T> extends Serializable {
  T decode(SourceRecord record) throws RejectedRecordException;
}
