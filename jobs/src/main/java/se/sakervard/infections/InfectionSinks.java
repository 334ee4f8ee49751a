package se.sakervard.infections;

import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.indicator.IndicatorRecord;
import se.sakervard.core.sink.AvroKafkaSink;
import se.sakervard.core.sink.ClickHouseSink;
import se.sakervard.schemas.infections.ClusterChangeKind;
import se.sakervard.schemas.infections.ClusterStatus;
import se.sakervard.schemas.infections.InfectionClusterEvent;

/** Where the infection job writes; tests hand in their own sinks. */
public record InfectionSinks(
    Sink<InfectionRows.Incidence> incidence,
    Sink<InfectionRows.Compliance> compliance,
    Sink<InfectionRows.Findings> findings,
    Sink<PrevalenceFigures> prevalence,
    Sink<ClusterChange> clusters,
    Sink<ClusterChange> clusterEvents,
    Sink<ClusterChange> clusterTopic,
    Sink<IndicatorRecord> indicators,
    Sink<DeadLetterRecord> deadLetters) {

  /** ClickHouse tables, the cluster and indicators topics and the dead-letter topic. */
  public static InfectionSinks production(PipelineSettings settings) {
    return new InfectionSinks(
        ClickHouseSink.of(
            settings, InfectionTables.INSERT_INCIDENCE, InfectionTables.bindIncidence()),
        ClickHouseSink.of(
            settings, InfectionTables.INSERT_COMPLIANCE, InfectionTables.bindCompliance()),
        ClickHouseSink.of(
            settings, InfectionTables.INSERT_FINDINGS, InfectionTables.bindFindings()),
        ClickHouseSink.of(
            settings, InfectionTables.INSERT_PREVALENCE, InfectionTables.bindPrevalence()),
        ClickHouseSink.of(
            settings, InfectionTables.INSERT_CLUSTERS, InfectionTables.bindClusters()),
        ClickHouseSink.of(
            settings, InfectionTables.INSERT_CLUSTER_EVENTS, InfectionTables.bindClusterEvents()),
        AvroKafkaSink.of(
            settings,
            settings.get(PipelineOptions.TOPIC_INFECTION_CLUSTERS),
            InfectionClusterEvent.class,
            InfectionSinks::toAvro,
            InfectionClusterEvent::getKey),
        IndicatorRecord.kafkaSink(settings),
        DeadLetters.kafkaSink(settings));
  }

  static InfectionClusterEvent toAvro(ClusterChange change) {
    InfectionCluster c = change.cluster();
    return InfectionClusterEvent.newBuilder()
        .setKey(c.clusterId())
        .setChange(ClusterChangeKind.valueOf(change.kind().name()))
        .setRegionCode(c.regionCode())
        .setHospitalCode(c.hospitalCode())
        .setUnitCode(c.unitCode())
        .setPathogen(c.pathogen())
        .setCaseRefs(c.caseRefs())
        .setFirstOnset(Instant.ofEpochMilli(c.firstOnset()))
        .setOpenedAt(Instant.ofEpochMilli(c.openedAt()))
        .setLastOnset(Instant.ofEpochMilli(c.lastOnset()))
        .setClosedAt(c.closedAt() == null ? null : Instant.ofEpochMilli(c.closedAt()))
        .setStatus(ClusterStatus.valueOf(c.status().name()))
        .setMergedInto(c.mergedInto())
        .setChangedAt(change.changedAt() == null ? null : Instant.ofEpochMilli(change.changedAt()))
        .setVersion(c.version())
        .build();
  }
}
