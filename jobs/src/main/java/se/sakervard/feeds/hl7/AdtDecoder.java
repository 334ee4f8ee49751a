package se.sakervard.feeds.hl7;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.feeds.FeedInput;
import se.sakervard.feeds.VisitMapping;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * Reads a raw ADT record. A rejection never keeps the record: it holds an identity number (and its
 * sender has it).
 */
public final class AdtDecoder implements RecordDecoder<FeedInput<AdtMessage>> {
  private final AdtParser parser;
  private final AdtMapping mapping;

  public AdtDecoder(ZoneId zone, AdtMapping mapping) {
    this.parser = new AdtParser(zone);
    this.mapping = mapping;
  }

  @Override
  public FeedInput<AdtMessage> decode(SourceRecord record) throws RejectedRecordException {
    try {
      AdtMessage m = parser.parse(new String(record.value(), StandardCharsets.UTF_8));
      mapping.check(m);
      return new FeedInput<>(
          m,
          m.visitNumber() == null ? null : mapping.stayRef(m),
          AdtMapping.eventId(m),
          m.eventTime(),
          record);
    } catch (AdtParser.UnreadableMessageException e) {
      throw new RejectedRecordException(
          DeadLetterReason.MALFORMED, e.getMessage(), null, null, true);
    } catch (VisitMapping.Rejected e) {
      throw new RejectedRecordException(DeadLetterReason.INVALID, e.getMessage(), null, null, true);
    }
  }
}
