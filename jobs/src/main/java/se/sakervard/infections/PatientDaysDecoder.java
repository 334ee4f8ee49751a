package se.sakervard.infections;

import se.sakervard.census.CensusIndicators;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.time.LocalCalendar;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.schemas.pipeline.Level;

/**
 * Reads the units' patient days from the indicators topic, as the census job publishes them ({@code
 * census.patient_days}, level UNIT, period DAY), and the census's event time in between from its
 * hospitals' hourly occupancy ({@link CensusIndicators#CLOCK_LEVEL}, {@link
 * PatientDays#censusHour}); every other indicator value decodes to {@link
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
    if (isValue(v, CensusIndicators.CLOCK_LEVEL, CensusIndicators.OCCUPANCY, "HOUR")) {
      return PatientDays.censusHour(v.getPeriodEnd().toEpochMilli());
    }
    if (!isValue(v, Level.UNIT, CensusIndicators.PATIENT_DAYS, "DAY") || v.getValue() == null) {
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

  private static boolean isValue(
      IndicatorValue v, Level level, String indicator, String periodKind) {
    return v.getIndicator().equals(indicator)
        && v.getLevel() == level
        && v.getPeriodKind().equals(periodKind);
  }
}
