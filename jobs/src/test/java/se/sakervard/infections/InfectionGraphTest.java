package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.InMemoryTopic;
import se.sakervard.testing.MiniClusters;

/**
 * The infection graph ({@link InfectionJob#build}) on in-memory sources, without Kafka or
 * ClickHouse: {@link TwoUnitsFourDays} from raw records to the hospital's 30-day figures, the
 * prevalence survey, the cluster and the dead letters, as worked out in that class and in {@code
 * InfectionJobITCase}. On 4 March the hospital's 30 days hold C1, C2 and C3 over 20 + 20 + 10 (U1,
 * day 1 corrected from 18) + 3 × 15 (U2) = 95 patient days. Survey S1: U1 surveyed P1 (infected),
 * P2, P3 (P1's second record dead-lettered), U2 P4 (infected), P5: 2 of 5.
 */
class InfectionGraphTest {
  // A cluster that outlives the job, so the collected streams are read after it ends.
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void shouldTurnRawRecordsIntoDaysPrevalenceClustersAndDeadLetters() throws Exception {
    TwoUnitsFourDays scenario = new TwoUnitsFourDays("G2", "observations", "indicators");
    InMemoryTopic observations = InMemoryTopic.named("observations").addAll(scenario.records());
    InMemoryTopic indicators = InMemoryTopic.named("indicators").addAll(scenario.records());
    InMemoryTopic units = InMemoryTopic.named("units").addAll(scenario.units("units"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);

    InfectionJob.InfectionStreams streams =
        InfectionJob.build(
            observations.read(env),
            indicators.read(env),
            units.asReference(),
            InfectionSettings.from(
                PipelineSettings.of(
                    Map.of(
                        "kafka.bounded",
                        "true",
                        PipelineOptions.INFECTIONS_CLUSTER_RULE.key(),
                        "plain"))));
    CloseableIterator<PlaceDayFigures> days = streams.days().collectAsync();
    CloseableIterator<PrevalenceFigures> prevalence = streams.prevalence().collectAsync();
    CloseableIterator<ClusterChange> clusters = streams.clusters().collectAsync();
    CloseableIterator<DeadLetterRecord> deadLetters = streams.deadLetters().collectAsync();
    env.execute("infection graph");

    int fourthOfMarch = (int) LocalDate.of(2026, 3, 4).toEpochDay();
    PlaceDayFigures hospital =
        newest(days, f -> f.level() == Level.HOSPITAL && f.day() == fourthOfMarch);
    assertThat(hospital.last30Days().cases).isEqualTo(3);
    assertThat(hospital.last30Days().patientDays).isEqualTo(95.0);
    PrevalenceFigures survey =
        newest(prevalence, p -> p.level() == Level.HOSPITAL && p.surveyId().equals("G2-S1"));
    assertThat(survey.surveyed()).isEqualTo(5);
    assertThat(survey.infected()).isEqualTo(2);
    List<ClusterChange> changes = new ArrayList<>();
    clusters.forEachRemaining(changes::add);
    assertThat(changes)
        .filteredOn(c -> c.kind() == ClusterChange.Kind.OPENED)
        .extracting(c -> c.cluster().unitCode(), c -> c.cluster().pathogen())
        .containsExactly(tuple("G2-H1-U1", "organism:klebsiella pneumoniae"));
    List<String> dead = new ArrayList<>();
    deadLetters.forEachRemaining(d -> dead.add(d.reason() + " " + d.eventId()));
    assertThat(dead)
        .containsExactlyInAnyOrder(
            "INVALID G2-c3", "INVALID G2-c9", "INVALID G2-h-bad", "INVALID G2-s1-again");
  }

  /** The highest version among the collected rows that match. */
  private static <T> T newest(CloseableIterator<T> rows, java.util.function.Predicate<T> match)
      throws Exception {
    List<T> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    rows.close();
    return all.stream()
        .filter(match)
        .max(Comparator.comparingLong(InfectionGraphTest::version))
        .orElseThrow();
  }

  private static long version(Object row) {
    return row instanceof PlaceDayFigures f ? f.version() : ((PrevalenceFigures) row).version();
  }
}
