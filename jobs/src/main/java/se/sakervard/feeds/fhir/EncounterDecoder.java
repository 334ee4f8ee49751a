package se.sakervard.feeds.fhir;

import java.nio.charset.StandardCharsets;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.feeds.FeedInput;
import se.sakervard.feeds.VisitMapping;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Reads a raw Encounter record. A rejection never keeps the record: it may hold identifiers in
 * clear (and its sender has it).
 */
public final class EncounterDecoder implements RecordDecoder<FeedInput<EncounterVersion>> {
  private final EncounterReader reader = new EncounterReader();
  private final EncounterMapping mapping;

  public EncounterDecoder(EncounterMapping mapping) {
    this.mapping = mapping;
  }

  @Override
  public FeedInput<EncounterVersion> decode(SourceRecord record) throws RejectedRecordException {
    try {
      EncounterVersion v = reader.read(new String(record.value(), StandardCharsets.UTF_8));
      mapping.check(v);
      String stayRef = mapping.stayRef(v);
      return new FeedInput<>(v, stayRef, stayRef + "@" + v.newestTime(), v.newestTime(), record);
    } catch (EncounterReader.UnreadableEncounterException e) {
      throw new RejectedRecordException(
          DeadLetterReason.MALFORMED, e.getMessage(), null, null, true);
    } catch (VisitMapping.Rejected e) {
      throw new RejectedRecordException(DeadLetterReason.INVALID, e.getMessage(), null, null, true);
    }
  }
}
