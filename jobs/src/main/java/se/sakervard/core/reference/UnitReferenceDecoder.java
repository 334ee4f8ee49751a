package se.sakervard.core.reference;

import java.time.Instant;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.EnvelopeRules.Rejections;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.reference.UnitReference;

/** Decodes unit reference records and rejects those no event could be placed by. */
public final class UnitReferenceDecoder implements RecordDecoder<UnitRecord> {
  private transient SingleObjectCodec<UnitReference> codec;

  @Override
  public UnitRecord decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(UnitReference.class);
    }
    UnitReference u = EnvelopeRules.decode(codec, record.value());
    long validFrom = u.getValidFrom().toEpochMilli();
    Rejections invalid = new Rejections(u.getUnitCode() + "@" + validFrom, validFrom);
    invalid.requireCode("unitCode", u.getUnitCode());
    invalid.requireCode("hospitalCode", u.getHospitalCode());
    invalid.requireCode("regionCode", u.getRegionCode());
    Instant to = u.getValidTo();
    long validTo = to == null ? Long.MAX_VALUE : to.toEpochMilli();
    if (validTo < validFrom) {
      throw invalid.because(
          "validTo "
              + to
              + " is before validFrom "
              + u.getValidFrom()
              + " of unit "
              + u.getUnitCode());
    }
    return new UnitRecord(
        u.getUnitCode(),
        u.getHospitalCode(),
        u.getRegionCode(),
        u.getCareType(),
        u.getTechnicalUnit(),
        validFrom,
        validTo,
        u.getDisplayName());
  }
}
