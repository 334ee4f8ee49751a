package se.sakervard.infections;

import se.sakervard.census.CensusIndicators;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.pipeline.IndicatorValue;

/**
 * Reads the units' patient days from the indicators topic, as the census job publishes them ({@code
 * census.patient_days}, level UNIT, period DAY); every other indicator value decodes to {@link
 * PatientDays#OTHER_INDICATOR}, which the job drops.
 */
public final class PatientDaysDecoder implements RecordDecoder<PatientDays> {
  private final LocalCalendar calendar;
  private transient SingleObjectCodec<IndicatorValue> codec;

  public PatientDaysDecoder(LocalCalendar calendar) {
    this.calendar = calendar;
  }

  @Override
  public PatientDays decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(IndicatorValue.class);
    }
    IndicatorValue v = EnvelopeRules.decode(codec, record.value());
    if (!v.getIndicator().equals(CensusIndicators.PATIENT_DAYS)
        || !v.getLevel().name().equals("UNIT")
        || !v.getPeriodKind().equals("DAY")
        || v.getValue() == null) {
      return PatientDays.OTHER_INDICATOR;
    }
    return new PatientDays(
        v.getRegionCode(),
        v.getHospitalCode(),
        v.getUnitCode(),
        calendar.day(v.getPeriodStart().toEpochMilli()),
        v.getValue(),
        v.getVersion(),
        v.getPeriodEnd().toEpochMilli());
  }
}
