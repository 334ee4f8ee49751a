package se.sakervard.alerting.input;

import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.pipeline.IndicatorValue;

/** Reads the indicators topic. */
public final class IndicatorDecoder implements RecordDecoder<IndicatorReading> {
  private transient SingleObjectCodec<IndicatorValue> codec;

  @Override
  public IndicatorReading decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(IndicatorValue.class);
    }
    return IndicatorReading.of(EnvelopeRules.decode(codec, record.value()));
  }
}
