package se.sakervard.alerting;

import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.schemas.alerting.AlertAction;
import se.sakervard.schemas.alerting.AlertActionKind;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.DeviationCategory;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.schemas.deviations.DeviationType;
import se.sakervard.schemas.infections.ClusterChangeKind;
import se.sakervard.schemas.infections.ClusterStatus;
import se.sakervard.schemas.infections.InfectionClusterEvent;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.testing.JobRun;
import se.sakervard.testing.LocalStackExtension;

/**
 * The alerting job's four input topics and its dead-letter topic for one run on the local stack,
 * the job over them, and the records a scenario sends to them.
 */
final class AlertingRuns {
  private static final SingleObjectCodec<IndicatorValue> INDICATORS =
      SingleObjectCodec.of(IndicatorValue.class);

  private AlertingRuns() {}

  /** One run's topics, one partition each. */
  record Topics(JobRun run) {
    @SuppressWarnings("unchecked")
    private static final ConfigOption<String>[] ALL =
        new ConfigOption[] {
          PipelineOptions.TOPIC_INDICATORS,
          PipelineOptions.TOPIC_CURRENT_INDICATORS,
          PipelineOptions.TOPIC_INFECTION_CLUSTERS,
          PipelineOptions.TOPIC_ALERT_ACTIONS,
          PipelineOptions.TOPIC_DEVIATIONS,
          PipelineOptions.TOPIC_DEAD_LETTERS
        };

    /** Fresh topics for a run. */
    static Topics create(LocalStackExtension stack) throws Exception {
      return new Topics(JobRun.of(stack, "alerting").withTopics(1, ALL));
    }

    /**
     * Topics and consumer group ending in {@code suffix}, emptied: those a kept savepoint's sources
     * read.
     */
    static Topics named(LocalStackExtension stack, String suffix) throws Exception {
      return new Topics(JobRun.named(stack, suffix).withFreshTopics(1, ALL));
    }

    String indicators() {
      return run.topic(PipelineOptions.TOPIC_INDICATORS);
    }

    String currentIndicators() {
      return run.topic(PipelineOptions.TOPIC_CURRENT_INDICATORS);
    }

    String clusters() {
      return run.topic(PipelineOptions.TOPIC_INFECTION_CLUSTERS);
    }

    String actions() {
      return run.topic(PipelineOptions.TOPIC_ALERT_ACTIONS);
    }

    String deviations() {
      return run.topic(PipelineOptions.TOPIC_DEVIATIONS);
    }

    String deadLetters() {
      return run.topic(PipelineOptions.TOPIC_DEAD_LETTERS);
    }

    /**
     * Settings of a run that reads these topics to their end and finishes (the job's own level
     * values go to the current-indicators topic it reads, as in production), with its own consumer
     * group.
     */
    PipelineSettings settings() {
      return run.settings();
    }

    /** The job over these topics, writing to the stack as in production. */
    AlertingJob job(PipelineSettings settings, AlertingSettings alerting) {
      return new AlertingJob(
          RawKafkaSource.of(settings, AlertingJob.NAME, indicators()),
          RawKafkaSource.of(settings, AlertingJob.NAME, currentIndicators()),
          RawKafkaSource.of(settings, AlertingJob.NAME, clusters()),
          RawKafkaSource.of(settings, AlertingJob.NAME, actions()),
          RawKafkaSource.of(settings, AlertingJob.NAME, deviations()),
          AlertingSinks.production(settings),
          alerting);
    }
  }

  /** An indicator value of a place, its event time also its version's time. */
  static ProducerRecord<String, byte[]> indicator(
      String topic,
      String indicator,
      Place place,
      CareType careType,
      String period,
      Instant at,
      Double value,
      Double denominator) {
    return record(topic, indicator, place, careType, period, at, at, at, value, denominator);
  }

  /**
   * A value of a period still running (a month so far), as of {@code asOf}, as the deviation job
   * publishes a month's figures with every update.
   */
  static ProducerRecord<String, byte[]> soFar(
      String topic,
      String indicator,
      Place place,
      String period,
      Instant start,
      Instant end,
      Instant asOf,
      double value) {
    return record(topic, indicator, place, CareType.SOMATIC, period, start, end, asOf, value, null);
  }

  private static ProducerRecord<String, byte[]> record(
      String topic,
      String indicator,
      Place place,
      CareType careType,
      String period,
      Instant start,
      Instant end,
      Instant asOf,
      Double value,
      Double denominator) {
    IndicatorRecord r =
        new IndicatorRecord(
            indicator,
            place.level(),
            place.regionCode(),
            place.hospitalCode(),
            place.unitCode(),
            careType,
            period,
            start.toEpochMilli(),
            end.toEpochMilli(),
            value,
            null,
            denominator,
            1,
            asOf.toEpochMilli());
    return new ProducerRecord<>(topic, r.key(), INDICATORS.encode(r.toAvro()));
  }

  /** A somatic CURRENT value, as the census publishes them. */
  static ProducerRecord<String, byte[]> current(
      String topic, String indicator, Place place, Instant at, double value) {
    return indicator(topic, indicator, place, CareType.SOMATIC, "CURRENT", at, value, null);
  }

  /** An acknowledgement of a rule's alert at a place ({@code ref}: an event alert's case). */
  static ProducerRecord<String, byte[]> acknowledgement(
      String topic, String rule, Place place, String ref, Instant at, String by) {
    return new ProducerRecord<>(
        topic,
        rule + "|" + place.level() + "|" + place.key(),
        SingleObjectCodec.of(AlertAction.class)
            .encode(
                AlertAction.newBuilder()
                    .setAction(AlertActionKind.ACKNOWLEDGE)
                    .setRule(rule)
                    .setLevel(place.level().name())
                    .setRegionCode(place.regionCode())
                    .setHospitalCode(place.hospitalCode())
                    .setUnitCode(place.unitCode())
                    .setRef(ref)
                    .setBy(by)
                    .setAt(at)
                    .setSilenceUntil(null)
                    .setComment(null)
                    .build()));
  }

  /** A case of a unit classified at {@code at}, as a serious care injury or not. */
  static ProducerRecord<String, byte[]> classified(
      String topic, Place unit, String caseRef, Instant at, boolean seriousCareInjury) {
    DeviationEvent event =
        DeviationEvent.newBuilder()
            .setEnvelope(
                Envelope.newBuilder()
                    .setEventId(caseRef + "-classified")
                    .setEventTime(at)
                    .setSourceSystem("test")
                    .setRegionCode(unit.regionCode())
                    .setHospitalCode(unit.hospitalCode())
                    .setUnitCode(unit.unitCode())
                    .build())
            .setCaseRef(caseRef)
            .setChange(
                CaseClassified.newBuilder()
                    .setCategory(DeviationCategory.MEDICATION)
                    .setDeviationType(DeviationType.NEGATIVE_EVENT)
                    .setConsequence(seriousCareInjury ? 4 : 1)
                    .setLikelihood(2)
                    .setSeriousCareInjury(seriousCareInjury)
                    .build())
            .build();
    return new ProducerRecord<>(
        topic, caseRef, SingleObjectCodec.of(DeviationEvent.class).encode(event));
  }

  /** A cluster of two norovirus cases on a unit, opened at {@code at} or closed then. */
  static ProducerRecord<String, byte[]> cluster(
      String topic, Place unit, String firstCase, Instant at, boolean open, int version) {
    String key = unit.unitCode() + "/organism:norovirus/" + firstCase;
    return new ProducerRecord<>(
        topic,
        key,
        SingleObjectCodec.of(InfectionClusterEvent.class)
            .encode(
                InfectionClusterEvent.newBuilder()
                    .setKey(key)
                    .setChange(open ? ClusterChangeKind.OPENED : ClusterChangeKind.CLOSED)
                    .setRegionCode(unit.regionCode())
                    .setHospitalCode(unit.hospitalCode())
                    .setUnitCode(unit.unitCode())
                    .setPathogen("organism:norovirus")
                    .setCaseRefs(List.of(firstCase, firstCase + "b"))
                    .setFirstOnset(at)
                    .setOpenedAt(at)
                    .setLastOnset(at)
                    .setClosedAt(open ? null : at)
                    .setStatus(open ? ClusterStatus.OPEN : ClusterStatus.CLOSED)
                    .setMergedInto(null)
                    .setVersion(version)
                    .build()));
  }
}
