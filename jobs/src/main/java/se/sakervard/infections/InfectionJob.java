package se.sakervard.infections;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.indicator.PublishedIndicatorValues;
import se.sakervard.core.indicator.PublishedIndicatorValues.ClosedPeriods;
import se.sakervard.core.ingest.DecodeAndValidate;
import se.sakervard.core.ingest.EventTimeAssigner;
import se.sakervard.core.ingest.EventTimeWatermarks;
import se.sakervard.core.ingest.Ingest;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.reference.UnitReferences;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.core.time.LocalCalendar;

/**
 * Healthcare-associated infections and hygiene: Kafka ({@code infection-observations}) → decode and
 * validate → drop duplicates → joined per unit with its patient days from the census job (read from
 * the indicators topic) → per unit, hospital and region and ended local day: incidence per 1000
 * patient days, hygiene compliance and multi-resistant findings over the day, the 30 days ending
 * with it and the month so far; point prevalence per survey; clusters of cases per unit and
 * pathogen → ClickHouse, the cluster and indicators topics, dead letters to Kafka.
 */
public final class InfectionJob implements PipelineJob {
  public static final String NAME = "infections";

  private final RawKafkaSource observations;
  private final RawKafkaSource indicators;
  private final ReferenceTopic units;
  private final InfectionSinks sinks;
  private final InfectionSettings settings;

  public InfectionJob(
      RawKafkaSource observations,
      RawKafkaSource indicators,
      ReferenceTopic units,
      InfectionSinks sinks,
      InfectionSettings settings) {
    this.observations = observations;
    this.indicators = indicators;
    this.units = units;
    this.sinks = sinks;
    this.settings = settings;
  }

  /** The job's outputs before they reach the sinks. */
  public record InfectionStreams(
      DataStream<PlaceDayFigures> days,
      DataStream<PrevalenceFigures> prevalence,
      DataStream<ClusterChange> clusters,
      DataStream<DeadLetterRecord> deadLetters) {}

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, InfectionJob::production);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The job reading the infection and indicators topics and writing as configured. */
  public static InfectionJob production(PipelineSettings config) {
    return new InfectionJob(
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INFECTIONS)),
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_INDICATORS)),
        ReferenceTopic.read(config, NAME, config.get(PipelineOptions.TOPIC_UNITS)),
        InfectionSinks.production(config),
        InfectionSettings.from(config));
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    InfectionStreams streams =
        build(
            observations.read(env, "infection-observations").uid("infections-source"),
            indicators.read(env, "indicators (patient days)").uid("infections-patient-days-source"),
            units,
            settings);
    LocalCalendar calendar = settings.calendar();
    streams
        .days()
        .flatMap(
            (PlaceDayFigures f, Collector<InfectionRows.Incidence> out) ->
                InfectionRows.incidence(f).forEach(out::collect))
        .returns(InfectionRows.Incidence.class)
        .name("Incidence rows")
        .sinkTo(sinks.incidence())
        .name("ClickHouse infection_incidence")
        .uid("infection-incidence-sink");
    streams
        .days()
        .flatMap(
            (PlaceDayFigures f, Collector<InfectionRows.Compliance> out) ->
                InfectionRows.compliance(f).forEach(out::collect))
        .returns(InfectionRows.Compliance.class)
        .name("Compliance rows")
        .sinkTo(sinks.compliance())
        .name("ClickHouse hygiene_compliance")
        .uid("hygiene-compliance-sink");
    streams
        .days()
        .flatMap(
            (PlaceDayFigures f, Collector<InfectionRows.Findings> out) ->
                InfectionRows.findings(f).forEach(out::collect))
        .returns(InfectionRows.Findings.class)
        .name("Finding rows")
        .sinkTo(sinks.findings())
        .name("ClickHouse multi_resistant_findings")
        .uid("multi-resistant-findings-sink");
    streams
        .prevalence()
        .sinkTo(sinks.prevalence())
        .name("ClickHouse infection_prevalence")
        .uid("infection-prevalence-sink");
    streams
        .clusters()
        .sinkTo(sinks.clusters())
        .name("ClickHouse infection_clusters")
        .uid("infection-clusters-sink");
    streams
        .clusters()
        .sinkTo(sinks.clusterEvents())
        .name("ClickHouse infection_cluster_events")
        .uid("infection-cluster-events-sink");
    streams
        .clusters()
        .sinkTo(sinks.clusterTopic())
        .name("Kafka infection-clusters")
        .uid("infection-clusters-topic-sink");
    // A place's days come once, when each ends, and again when a late observation corrects them;
    // a survey's prevalence with each surveyed patient.
    DataStream<IndicatorRecord> dayValues =
        PublishedIndicatorValues.of(
                DataStreamUtils.reinterpretAsKeyedStream(streams.days(), PlaceDayFigures::placeKey),
                f -> InfectionIndicators.of(f, calendar),
                ClosedPeriods.EVERY_VALUE)
            .name("Infection indicator values")
            .uid("infection-indicator-values");
    DataStream<IndicatorRecord> prevalenceValues =
        PublishedIndicatorValues.of(
                DataStreamUtils.reinterpretAsKeyedStream(
                    streams.prevalence(), PrevalenceFigures::key),
                p -> List.of(InfectionIndicators.of(p, calendar)),
                ClosedPeriods.EVERY_VALUE)
            .name("Prevalence indicator values")
            .uid("prevalence-indicator-values");
    dayValues
        .union(prevalenceValues)
        .sinkTo(sinks.indicators())
        .name("Kafka indicators")
        .uid("infection-indicators-sink");
    streams
        .deadLetters()
        .sinkTo(sinks.deadLetters())
        .name("Kafka dead letters")
        .uid("infections-dead-letters-sink");
  }

  /**
   * The census input's event time: the census's own, never idle (why: in {@link #censusInput}), its
   * progress kept in state so that a restored job goes on from the census time it had.
   */
  static EventTimeAssigner<UnitInput> censusTime(InfectionSettings settings) {
    return EventTimeWatermarks.assigner(
        UnitInput::eventTime,
        settings.ingest().maxOutOfOrderness(),
        Duration.ZERO,
        settings.ingest().endOfInput());
  }

  /**
   * The units' patient days, with the census's event time worked out where the census is read,
   * before any shuffle: event time then follows each partition's order, and since every reading
   * subtask has a partition ({@link RawKafkaSource#read}), the never-idle input cannot stall.
   * Worked out after a rebalance, a subtask's event time was that of the records it happened to
   * get, in whatever order they came from the decoding subtasks: the join got patient days behind
   * its event time, and at the end of a bounded input its event time could stop a day short, so
   * that day was never emitted (InfectionJobITCase, about 1 run in 8).
   */
  static DataStream<UnitInput> censusInput(
      DataStream<PatientDays> indicatorValues, InfectionSettings settings) {
    int readers = indicatorValues.getParallelism();
    return indicatorValues
        .flatMap(
            (PatientDays p, Collector<UnitInput> out) -> {
              if (p.isCensusTime()) {
                out.collect(new UnitInput(null, p));
              }
            })
        .returns(UnitInput.class)
        .setParallelism(readers)
        .name("Patient days and census hours")
        // Never idle: the census is the join's reference data, so the join's event time must not
        // pass the census's. Marked idle after a quiet spell (events.idle-timeout, wall-clock),
        // the input let the join's event time follow the observations alone; when the census
        // lagged (a run starting from scratch), observations of real units were dead-lettered as
        // unknown before the census got to them, and its patient days came in behind the days
        // already ended. The census's closed hours move its event time between the daily patient
        // days, so that a day ends about an hour after midnight, not a day later. Its progress is
        // kept in state, so a restored job goes on from the census time it had.
        .transform(
            "Patient-day watermarks", TypeInformation.of(UnitInput.class), censusTime(settings))
        .setParallelism(readers)
        .uid("infections-patient-day-watermarks")
        .filter(u -> u.patientDays().isUnitDay())
        .setParallelism(readers)
        .name("Units' patient days");
  }

  private static boolean isCaseRecord(InfectionInput o) {
    return o.kind() == InfectionInput.Kind.CASE || o.kind() == InfectionInput.Kind.CASE_RETRACTION;
  }

  public static InfectionStreams build(
      DataStream<SourceRecord> rawObservations,
      DataStream<SourceRecord> rawIndicators,
      ReferenceTopic units,
      InfectionSettings settings) {
    LocalCalendar calendar = settings.calendar();
    UnitReferences reference =
        UnitReferences.decode(rawObservations.getExecutionEnvironment(), units, NAME);
    Ingest.Admitted<InfectionInput> ingested =
        Ingest.admit(
            rawObservations,
            NAME,
            "infection observations",
            "infections",
            new InfectionDecoder(
                settings.ingest().maxFutureSkew(), settings.maxOnsetLag(), Clock.systemUTC()),
            InfectionInput.class,
            settings.ingest());
    SingleOutputStreamOperator<InfectionInput> admittedAnywhere = ingested.admitted();
    SingleOutputStreamOperator<InfectionInput> admitted =
        reference.place(
            admittedAnywhere.keyBy(InfectionInput::unitCode),
            InfectionInput::placedIn,
            settings.ingest().unknownUnitWait(),
            TypeInformation.of(InfectionInput.class));
    SingleOutputStreamOperator<PatientDays> indicatorValues =
        rawIndicators
            .process(
                new DecodeAndValidate<>(
                    NAME, "census-patient-days", new PatientDaysDecoder(calendar)),
                TypeInformation.of(PatientDays.class))
            .name("Decode indicator values")
            .uid("infections-decode-indicators")
            .setParallelism(rawIndicators.getParallelism());
    DataStream<UnitInput> patientDays = censusInput(indicatorValues, settings);
    SingleOutputStreamOperator<UnitInput> countedCases =
        admitted
            .filter(InfectionJob::isCaseRecord)
            .name("Case records")
            .keyBy(CaseRevisions::key)
            .process(
                new CaseRevisions(NAME, calendar, settings.keepDay()),
                TypeInformation.of(UnitInput.class))
            .name("Which record of each case counts")
            .uid("infections-case-revisions");
    SingleOutputStreamOperator<UnitDayChange> unitDays =
        admitted
            .filter(o -> o.kind() != InfectionInput.Kind.SURVEY_RECORD && !isCaseRecord(o))
            .name("Unit observations")
            .map(o -> new UnitInput(o, null))
            .returns(UnitInput.class)
            .union(countedCases, patientDays)
            .keyBy(UnitInput::unitKey)
            .process(
                new UnitDays(calendar, settings.keepDay()), TypeInformation.of(UnitDayChange.class))
            .name("Unit days (with the census's patient days)")
            .uid("infections-unit-days");
    DataStream<PlaceDayFigures> days =
        unitDays
            .flatMap(
                (UnitDayChange c, Collector<PlaceDelta> out) ->
                    PlaceDelta.of(c).forEach(out::collect))
            .returns(PlaceDelta.class)
            .name("Places each unit day counts in")
            .keyBy(PlaceDelta::placeKey)
            .process(
                RollingInfectionDays.operator(calendar, settings.keepDay()),
                TypeInformation.of(PlaceDayFigures.class))
            .name("Infection days: day, 30 days, month")
            .uid("infections-days");
    DataStream<ClusterChange> clusters =
        unitDays
            .getSideOutput(UnitDays.ACCEPTED_CASES)
            .keyBy(ClusterDetection::key)
            .process(
                new ClusterDetection(
                    settings.clusterWindow(),
                    settings.clusterWindowNorovirus(),
                    settings.keepDay(),
                    settings.clusterRule()),
                TypeInformation.of(ClusterChange.class))
            .name("Cluster detection")
            .uid("infections-clusters");
    SingleOutputStreamOperator<SurveyPatients.SurveyCount> surveyed =
        admitted
            .filter(o -> o.kind() == InfectionInput.Kind.SURVEY_RECORD)
            .name("Survey records")
            .keyBy(SurveyPatients::key)
            .process(new SurveyPatients(NAME), TypeInformation.of(SurveyPatients.SurveyCount.class))
            .name("Each patient once per survey")
            .uid("infections-survey-patients");
    DataStream<PrevalenceFigures> prevalence =
        surveyed
            .flatMap(
                (SurveyPatients.SurveyCount c, Collector<PrevalenceFigures> out) ->
                    PrevalenceFigures.of(c.record(), calendar.day(c.record().eventTime()), c.sign())
                        .forEach(out::collect))
            .returns(PrevalenceFigures.class)
            .name("Places each surveyed patient counts in")
            .keyBy(PrevalenceFigures::key)
            .reduce(PrevalenceFigures::plus)
            .name("Point prevalence per survey")
            .uid("infections-prevalence");
    return new InfectionStreams(
        days,
        prevalence,
        clusters,
        reference.withDeadLetters(
            ingested
                .deadLetters()
                .union(
                    indicatorValues.getSideOutput(DeadLetters.TAG),
                    admitted.getSideOutput(DeadLetters.TAG),
                    countedCases.getSideOutput(DeadLetters.TAG),
                    surveyed.getSideOutput(DeadLetters.TAG))));
  }
}
