package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.schemas.pipeline.Level;
import se.sakervard.testing.InMemoryTopic;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The deviation graph ({@link DeviationJob#build}) on an in-memory source, without Kafka or
 * ClickHouse: {@link FourCasesOneMonth} from raw records to the hospital's January cohort and the
 * dead letters. The figures are worked out in that class and in {@code DeviationJobITCase}: 4
 * reported (K2 a near miss, K1 a serious care injury), K4 open; closed within 30 days K1 and K3,
 * within 60 also K2; reporting delays 2, 24, 24, 48 h (median 24, p90 48); K4's duplicate report
 * counted once; the garbage record MALFORMED and K4's close before it occurred INVALID.
 */
class DeviationGraphTest {
  // A cluster that outlives the job, so the two collected streams are read after it ends.
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void shouldTurnRawRecordsIntoTheMonthlyCohortAndTheDeadLetters() throws Exception {
    InMemoryTopic deviations =
        InMemoryTopic.named("deviations")
            .addAll(new FourCasesOneMonth("G1", "deviations").records());
    InMemoryTopic units =
        InMemoryTopic.named("units")
            .addAll(
                List.of(
                    UnitReferenceRecords.somatic("units", "G1", "G1-H1", "G1-H1-U1"),
                    UnitReferenceRecords.somatic("units", "G1", "G1-H1", "G1-H1-U2")));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);

    DeviationJob.DeviationStreams streams =
        DeviationJob.build(
            deviations.read(env),
            units.asReference(),
            DeviationSettings.from(PipelineSettings.of(Map.of("kafka.bounded", "true"))));
    CloseableIterator<MonthFigures> monthly = streams.monthly().collectAsync();
    CloseableIterator<DeadLetterRecord> deadLetters = streams.deadLetters().collectAsync();
    env.execute("deviation graph");

    List<MonthFigures> rows = new ArrayList<>();
    monthly.forEachRemaining(rows::add);
    MonthFigures january =
        rows.stream()
            .filter(m -> m.level() == Level.HOSPITAL && m.reported() > 0)
            .max(Comparator.comparingLong(MonthFigures::version))
            .orElseThrow();
    assertThat(january.reported()).isEqualTo(4);
    assertThat(january.nearMisses()).isEqualTo(1);
    assertThat(january.seriousCareInjuries()).isEqualTo(1);
    assertThat(january.open()).isEqualTo(1);
    assertThat(january.closedWithin30Days()).isEqualTo(2);
    assertThat(january.closedWithin60Days()).isEqualTo(3);
    assertThat(january.reportingDelayMedianHours()).isEqualTo(24.0);
    assertThat(january.reportingDelayP90Hours()).isEqualTo(48.0);
    List<DeadLetterReason> reasons = new ArrayList<>();
    deadLetters.forEachRemaining(d -> reasons.add(d.reason()));
    assertThat(reasons)
        .containsExactlyInAnyOrder(DeadLetterReason.MALFORMED, DeadLetterReason.INVALID);
    monthly.close();
    deadLetters.close();
  }
}
