package se.sakervard.core.indicator;

import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.sink.AvroKafkaSink;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.schemas.pipeline.Level;

/**
 * One indicator value for one place and period, as every family publishes it on the indicators
 * topics for alerting (Avro {@code IndicatorValue}). The highest version of a key is current.
 *
 * @param asOf the instant the value describes (docs/alerting.md, event time): a closed period's
 *     end, a CURRENT value's own time, and for a period still open (a month so far) the event time
 *     of the newest input folded in, never the period's end. A reader that took a month's end as
 *     the value's time would run its clock weeks ahead of its inputs.
 */
public record IndicatorRecord(
    String indicator,
    Level level,
    String regionCode,
    String hospitalCode,
    String unitCode,
    CareType careType,
    String periodKind,
    long periodStart,
    long periodEnd,
    Double value,
    Double numerator,
    Double denominator,
    long version,
    long asOf) {

  /** The period kind of a value that holds from its time until the next one. */
  public static final String CURRENT = "CURRENT";

  /** A value as of its period's end: a closed period's, or a CURRENT value at its own time. */
  public IndicatorRecord(
      String indicator,
      Level level,
      String regionCode,
      String hospitalCode,
      String unitCode,
      CareType careType,
      String periodKind,
      long periodStart,
      long periodEnd,
      Double value,
      Double numerator,
      Double denominator,
      long version) {
    this(
        indicator,
        level,
        regionCode,
        hospitalCode,
        unitCode,
        careType,
        periodKind,
        periodStart,
        periodEnd,
        value,
        numerator,
        denominator,
        version,
        periodEnd);
  }

  /** Indicator, place and period: the same figure always gets the same key. */
  public String key() {
    return String.join(
        "|",
        indicator,
        level.name(),
        regionCode,
        hospitalCode,
        unitCode,
        careType.name(),
        periodKind,
        periodKind.equals(CURRENT) ? "" : Long.toString(periodStart));
  }

  /**
   * Values of closed periods to the indicators topic, CURRENT values to the current-indicators
   * topic: a job that needs only closed periods (the infection job's patient days) then does not
   * read the stream of changes, which is most of the values.
   */
  public static Sink<IndicatorRecord> kafkaSink(PipelineSettings settings) {
    String closed = settings.get(PipelineOptions.TOPIC_INDICATORS);
    String current = settings.get(PipelineOptions.TOPIC_CURRENT_INDICATORS);
    return AvroKafkaSink.of(
        settings,
        v -> v.getPeriodKind().equals(CURRENT) ? current : closed,
        IndicatorValue.class,
        IndicatorRecord::toAvro,
        IndicatorValue::getKey);
  }

  public IndicatorValue toAvro() {
    return IndicatorValue.newBuilder()
        .setKey(key())
        .setIndicator(indicator)
        .setLevel(level)
        .setRegionCode(regionCode)
        .setHospitalCode(hospitalCode)
        .setUnitCode(unitCode)
        .setCareType(careType)
        .setPeriodKind(periodKind)
        .setPeriodStart(Instant.ofEpochMilli(periodStart))
        .setPeriodEnd(Instant.ofEpochMilli(periodEnd))
        .setValue(value)
        .setNumerator(numerator)
        .setDenominator(denominator)
        .setVersion(version)
        .setAsOf(Instant.ofEpochMilli(asOf))
        .build();
  }
}
