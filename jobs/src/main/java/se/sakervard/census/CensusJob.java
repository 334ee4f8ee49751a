package se.sakervard.census;

import java.time.Clock;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.PublishedIndicatorValues;
import se.sakervard.core.indicator.PublishedIndicatorValues.ClosedPeriods;
import se.sakervard.core.ingest.Ingest;
import se.sakervard.core.job.PipelineJob;
import se.sakervard.core.metrics.EventLatencyProbe;
import se.sakervard.core.reference.UnitReferences;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.pipeline.Level;

/**
 * Bed census → overcrowding, outlying patients, occupancy and patient days per unit, hospital and
 * region, in event time.
 *
 * <pre>
 * census-events → decode+validate → watermarks → admit (dedup, lateness) → place in units ─┬→ stays ─┐
 *                       └───────── dead letters ◄──────────────┘               ▲           └→ beds ──┴→ units → hospitals → regions
 * unit-reference ─────────────────────────────────────────────── broadcast ───┴──────────────────────────┘
 * figures → ClickHouse (census_current, census_figures) and the indicators topic
 * </pre>
 *
 * <p>{@code main} reads the configuration only; {@code CensusGraphTest} builds the graph with
 * {@link #build} on an in-memory source, {@code CensusJobITCase} runs the job on the local stack.
 */
public final class CensusJob implements PipelineJob {
  public static final String NAME = "census";

  private final RawKafkaSource source;
  private final ReferenceTopic units;
  private final CensusSinks sinks;
  private final CensusSettings settings;

  public CensusJob(
      RawKafkaSource source, ReferenceTopic units, CensusSinks sinks, CensusSettings settings) {
    this.source = source;
    this.units = units;
    this.sinks = sinks;
    this.settings = settings;
  }

  /**
   * The census stream's figures of units, hospitals and regions, and its dead letters.
   *
   * @param units the units' figures that are written: every period but the hours equal to the hour
   *     before, and the units' {@link PeriodKind#HOURS_END} marks
   * @param unchangedUnitHours the units' hours equal to the hour before ({@link
   *     UnitCensus#UNCHANGED_HOURS}): summed into the rollups, not written
   */
  public record CensusStreams(
      DataStream<CensusFigures> units,
      DataStream<CensusFigures> unchangedUnitHours,
      DataStream<CensusFigures> hospitals,
      DataStream<CensusFigures> regions,
      DataStream<DeadLetterRecord> deadLetters) {

    /** Every level's figures, every hour of every unit included (and the units' marks). */
    public DataStream<CensusFigures> figures() {
      return units.union(unchangedUnitHours, hospitals, regions);
    }

    /**
     * The written figures that pass {@code filter}, filtered where each level computes them: only
     * those then cross to the operator that takes them, instead of every figure to every consumer.
     */
    DataStream<CensusFigures> select(FilterFunction<CensusFigures> filter, String name) {
      return units
          .filter(filter)
          .name(name)
          .union(hospitals.filter(filter).name(name), regions.filter(filter).name(name));
    }
  }

  public static void main(String[] args) throws Exception {
    PipelineJob.run(args, CensusJob::production);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The job reading the census topic and writing to ClickHouse and Kafka, as configured. */
  public static CensusJob production(PipelineSettings config) {
    return new CensusJob(
        RawKafkaSource.of(config, NAME, config.get(PipelineOptions.TOPIC_CENSUS)),
        ReferenceTopic.read(config, NAME, config.get(PipelineOptions.TOPIC_UNITS)),
        CensusSinks.production(config),
        CensusSettings.from(config));
  }

  @Override
  public void attachTo(StreamExecutionEnvironment env) {
    attach(env);
  }

  /**
   * Adds the job's graph to {@code env}, as {@link #attachTo}, and returns its streams, so that a
   * later version of the job can attach another indicator to the same figures. Its operators need
   * uids of their own; the ones here keep theirs, so the new graph restores this one's savepoint.
   */
  public CensusStreams attach(StreamExecutionEnvironment env) {
    DataStream<SourceRecord> raw = source.read(env, "census-events").uid("census-source");
    CensusStreams streams = build(raw, units, settings);

    streams
        .select(f -> f.kind() == PeriodKind.CURRENT, "Current figures")
        .map(new EventLatencyProbe<CensusFigures>("census_current", f -> f.periodEnd()))
        .name("Measure event-to-sink latency")
        .uid("census-current-latency")
        .sinkTo(sinks.current())
        .name("ClickHouse census_current")
        .uid("census-current-sink");
    streams
        .select(
            f -> f.kind() != PeriodKind.CURRENT && f.kind() != PeriodKind.SETTLED_CURRENT,
            "Closed periods")
        .sinkTo(sinks.periods())
        .name("ClickHouse census_figures")
        .uid("census-figures-sink");
    // A place's closed periods come once each (and again when a late event corrects them): all go
    // out. Its CURRENT values come with every event and mostly repeat: only the changed ones go.
    PublishedIndicatorValues.of(
            streams
                .select(CensusIndicators::isPublished, "Figures published as indicator values")
                .keyBy(CensusFigures::placeKey),
            CensusIndicators::of,
            ClosedPeriods.EVERY_VALUE)
        .name("Indicator values (CURRENT on change)")
        .uid("census-indicator-values")
        .sinkTo(sinks.indicators())
        .name("Kafka indicators")
        .uid("census-indicators-sink");
    streams
        .deadLetters()
        .sinkTo(sinks.deadLetters())
        .name("Kafka dead letters")
        .uid("census-dead-letters-sink");
    return streams;
  }

  public static CensusStreams build(
      DataStream<SourceRecord> raw, ReferenceTopic unitReference, CensusSettings settings) {
    UnitReferences reference =
        UnitReferences.decode(raw.getExecutionEnvironment(), unitReference, NAME);
    Ingest.Admitted<CensusInput> ingested =
        Ingest.admit(
            raw,
            NAME,
            "census events",
            "census",
            new CensusDecoder(settings.ingest().maxFutureSkew(), Clock.systemUTC()),
            CensusInput.class,
            settings.ingest());
    SingleOutputStreamOperator<CensusInput> admitted = ingested.admitted();
    SingleOutputStreamOperator<CensusInput> placed =
        reference.place(
            admitted.keyBy(CensusInput::unitCode),
            CensusInput::placedIn,
            settings.ingest().unknownUnitWait(),
            TypeInformation.of(CensusInput.class));

    DataStream<UnitChange> stayChanges =
        placed
            .filter(e -> e.kind() != CensusInput.Kind.AVAILABLE_BEDS)
            .name("Stay events")
            .keyBy(CensusInput::stayRef)
            .process(
                new StayPlacements(settings.ingest().allowedLateness(), settings.stayRetention()),
                TypeInformation.of(UnitChange.class))
            .name("Stay placements → unit changes")
            .uid("census-stays");
    DataStream<UnitChange> bedChanges =
        placed
            .filter(e -> e.kind() == CensusInput.Kind.AVAILABLE_BEDS)
            .name("Available-bed events")
            .map(UnitChange::beds)
            .returns(UnitChange.class)
            .name("Beds → unit changes");

    DataStream<UnitChange> unitChanges = stayChanges.union(bedChanges);
    SingleOutputStreamOperator<CensusFigures> units =
        unitChanges
            .keyBy(UnitChange::unitCode)
            .connect(reference.updatesFor(unitChanges))
            .process(
                new UnitCensus(
                    settings.calendar(),
                    reference.atStart(),
                    settings.ingest().allowedLateness(),
                    settings.writeUnchangedHours(),
                    !settings.excludeTechnicalUnits()),
                TypeInformation.of(CensusFigures.class))
            .name("Unit census")
            .uid("census-units");
    // The rollups sum every hour of every unit: the written ones and the unchanged ones.
    DataStream<CensusFigures> unchangedUnitHours = units.getSideOutput(UnitCensus.UNCHANGED_HOURS);
    SingleOutputStreamOperator<CensusFigures> hospitals =
        units
            .union(unchangedUnitHours)
            .filter(
                f ->
                    f.kind() != PeriodKind.HOURS_END
                        && !(settings.excludeTechnicalUnits() && f.technicalUnit()))
            .name("Units counted in rollups")
            .keyBy(CensusRollup.keyFor(Level.HOSPITAL))
            .process(
                new CensusRollup(Level.HOSPITAL, settings.ingest().allowedLateness()),
                TypeInformation.of(CensusFigures.class))
            .name("Hospital rollup")
            .uid("census-hospitals");
    SingleOutputStreamOperator<CensusFigures> regions =
        hospitals
            .keyBy(CensusRollup.keyFor(Level.REGION))
            .process(
                new CensusRollup(Level.REGION, settings.ingest().allowedLateness()),
                TypeInformation.of(CensusFigures.class))
            .name("Region rollup")
            .uid("census-regions");

    return new CensusStreams(
        units,
        unchangedUnitHours,
        hospitals,
        regions,
        reference.withDeadLetters(
            ingested.deadLetters().union(placed.getSideOutput(DeadLetters.TAG))));
  }
}
