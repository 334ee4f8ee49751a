package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;
import static se.sakervard.testing.JobRun.row;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.schemas.infections.InfectionClusterEvent;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.testing.JobRun;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;

/**
 * The infection job end to end: the real broker, the job on a Flink mini cluster, the real
 * ClickHouse engine. Expected values are worked out by hand from {@link TwoUnitsFourDays}; event
 * time ends at the end of day 3 less the out-of-orderness bound, so days 0 to 2 (2 to 4 March) are
 * out.
 */
class InfectionJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.slots(4);

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldWriteExactInfectionFiguresClustersAndPrevalence() throws Exception {
    JobRun run = runScenario("I1");

    // Incidence over 30 days: U1 day 2 has C1 (onset day 0) and C2 over 20 + 20 + 10 patient
    // days (day 1 corrected from 18 to 20): 1000 x 2 / 50 = 40. The hospital adds U2's C3 and
    // 3 x 15 patient days: 1000 x 3 / 95 = 31.6.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(day), cases, patient_days,"
                    + " round(incidence_per_1000_patient_days, 2)"
                    + " FROM v_infection_incidence WHERE region_code = 'I1'"
                    + " AND period = 'ROLLING_30_DAYS' AND infection_type = 'ALL'"
                    + " AND level != 'REGION' ORDER BY level, unit_code, day"))
        .containsExactly(
            row("HOSPITAL", "", "2026-03-02", "1", "35.0", "28.57"),
            row("HOSPITAL", "", "2026-03-03", "2", "70.0", "28.57"),
            row("HOSPITAL", "", "2026-03-04", "3", "95.0", "31.58"),
            row("UNIT", "I1-H1-U1", "2026-03-02", "1", "20.0", "50.0"),
            row("UNIT", "I1-H1-U1", "2026-03-03", "1", "40.0", "25.0"),
            row("UNIT", "I1-H1-U1", "2026-03-04", "2", "50.0", "40.0"),
            row("UNIT", "I1-H1-U2", "2026-03-02", "0", "15.0", "0.0"),
            row("UNIT", "I1-H1-U2", "2026-03-03", "1", "30.0", "33.33"),
            row("UNIT", "I1-H1-U2", "2026-03-04", "1", "45.0", "22.22"));
    // By type on the day itself: U1's pneumonia on 4 March, 1 case over 10 patient days.
    assertThat(
            STACK.query(
                "SELECT infection_type, cases, patient_days FROM v_infection_incidence"
                    + " WHERE unit_code = 'I1-H1-U1' AND period = 'DAY' AND day = '2026-03-04'"
                    + " ORDER BY infection_type"))
        .containsExactly(row("ALL", "1", "10.0"), row("PNEUMONIA", "1", "10.0"));

    // Hygiene, U1: 3 March all correct and gloves missed; 4 March jewellery worn. Over 30 days on
    // 4 March: 1 of 3 on all steps (33.3%, Wilson 6.1-79.2%), hygiene 2 of 3, dress code 2 of 3.
    assertThat(
            STACK.query(
                "SELECT toString(day), period, observations, round(all_steps_percent, 1),"
                    + " round(all_correct_lower_percent, 1), round(all_correct_upper_percent, 1),"
                    + " round(hygiene_percent, 1), round(dress_code_percent, 1)"
                    + " FROM v_hygiene_compliance WHERE unit_code = 'I1-H1-U1'"
                    + " AND day >= '2026-03-03' AND period != 'MONTH_TO_DATE'"
                    + " ORDER BY day, period"))
        .containsExactly(
            row("2026-03-03", "DAY", "2", "50.0", "9.5", "90.5", "50.0", "100.0"),
            row("2026-03-03", "ROLLING_30_DAYS", "2", "50.0", "9.5", "90.5", "50.0", "100.0"),
            row("2026-03-04", "DAY", "1", "0.0", "0.0", "79.3", "100.0", "0.0"),
            row("2026-03-04", "ROLLING_30_DAYS", "3", "33.3", "6.1", "79.2", "66.7", "66.7"));

    // ESBL on U2, 3 March.
    assertThat(
            STACK.query(
                "SELECT toString(day), organism, findings FROM v_multi_resistant_findings"
                    + " WHERE unit_code = 'I1-H1-U2' AND period = 'ROLLING_30_DAYS'"
                    + " ORDER BY day, organism"))
        .containsExactly(
            row("2026-03-02", "ALL", "0"),
            row("2026-03-03", "ALL", "1"),
            row("2026-03-03", "ESBL", "1"),
            row("2026-03-04", "ALL", "1"),
            row("2026-03-04", "ESBL", "1"));

    // Point prevalence of survey S1: P1 counted once.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(survey_day), surveyed, infected,"
                    + " round(prevalence_percent, 1) FROM v_infection_prevalence"
                    + " WHERE region_code = 'I1' ORDER BY level, unit_code"))
        .containsExactly(
            row("HOSPITAL", "", "2026-03-04", "5", "2", "40.0"),
            row("REGION", "", "2026-03-04", "5", "2", "40.0"),
            row("UNIT", "I1-H1-U1", "2026-03-04", "3", "1", "33.3"),
            row("UNIT", "I1-H1-U2", "2026-03-04", "2", "1", "50.0"));

    // C1 and C2: Klebsiella on U1 two days apart, a cluster opened at C2's onset (4 March 08:00
    // local, 07:00 UTC), still open.
    String clusterId = "I1-H1-U1/organism:klebsiella pneumoniae/I1-C1";
    assertThat(
            STACK.query(
                "SELECT cluster_id, toString(case_refs), toString(opened_at), status"
                    + " FROM v_infection_clusters WHERE region_code = 'I1'"))
        .containsExactly(row(clusterId, "['I1-C1','I1-C2']", "2026-03-04 07:00:00.000", "OPEN"));
    assertThat(
            STACK.readAll(
                run.topic(PipelineOptions.TOPIC_INFECTION_CLUSTERS),
                InfectionClusterEvent.class,
                1))
        .extracting(e -> e.getKey() + " " + e.getChange() + " " + e.getCaseRefs())
        .containsExactly(clusterId + " OPENED [I1-C1, I1-C2]");

    // Dead letters: the unknown unit's case, the observation without its apron step, P1 twice,
    // and C3's later record (its earlier one, c3-again, stands).
    assertThat(STACK.readAll(run.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 4))
        .extracting(d -> d.getReason() + " " + d.getEventId())
        .containsExactlyInAnyOrder(
            DeadLetterReason.INVALID + " I1-c3",
            DeadLetterReason.INVALID + " I1-c9",
            DeadLetterReason.INVALID + " I1-h-bad",
            DeadLetterReason.INVALID + " I1-s1-again");
  }

  @Test
  void shouldLeaveClickHouseUnchangedWhenTheSameInputIsProcessedAgain() throws Exception {
    JobRun run = runScenario("I2");
    List<List<String>> first = everyRowOf("I2");

    runJob(run);

    assertThat(first).hasSizeGreaterThan(50);
    assertThat(everyRowOf("I2")).isEqualTo(first);
  }

  /**
   * A correction moving C2 to another unit and pathogen, a withdrawal after its case and one before
   * it: every figure and cluster equals the plain scenario's, and the dead letters are the same.
   */
  @Test
  void shouldGiveThePlainFiguresThroughCorrectionsAndWithdrawals() throws Exception {
    runScenario("I3");
    JobRun corrected =
        runScenario(
            "I4",
            (observations, census) ->
                new TwoUnitsFourDays("I4", observations, census).withCorrectionsAndWithdrawals());

    List<List<String>> plain = everyRowOf("I3");
    assertThat(plain).hasSizeGreaterThan(50);
    assertThat(STACK.rowsOfRegionAs("I4", "I3", VIEWS)).isEqualTo(plain);
    assertThat(
            STACK.readAll(corrected.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 4))
        .extracting(d -> d.getReason() + " " + d.getEventId())
        .containsExactlyInAnyOrder(
            DeadLetterReason.INVALID + " I4-c3",
            DeadLetterReason.INVALID + " I4-c9",
            DeadLetterReason.INVALID + " I4-h-bad",
            DeadLetterReason.INVALID + " I4-s1-again");
  }

  /**
   * Whole tables equal at parallelism 1, 2 and 4, and with U2's patient days arriving after the
   * census's event time passed all of U2's observations: whether a unit exists is the reference
   * data's business, so no observation waits for (or is dropped for want of) its denominator.
   */
  @Test
  void shouldGiveTheSameFiguresAtAnyParallelismAndWithLateDenominators() throws Exception {
    runScenario("I5", 1, (o, c) -> new TwoUnitsFourDays("I5", o, c));
    List<List<String>> plain = everyRowOf("I5");
    assertThat(plain).hasSizeGreaterThan(50);

    runScenario("I6", 4, (o, c) -> new TwoUnitsFourDays("I6", o, c));
    JobRun late =
        runScenario("I7", 2, (o, c) -> new TwoUnitsFourDays("I7", o, c).withLateDenominators());

    assertThat(STACK.rowsOfRegionAs("I6", "I5", VIEWS)).as("parallelism 4").isEqualTo(plain);
    assertThat(STACK.rowsOfRegionAs("I7", "I5", VIEWS)).as("late denominators").isEqualTo(plain);
    assertThat(STACK.readAll(late.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 4))
        .extracting(d -> d.getReason() + " " + d.getEventId())
        .containsExactlyInAnyOrder(
            DeadLetterReason.INVALID + " I7-c3",
            DeadLetterReason.INVALID + " I7-c9",
            DeadLetterReason.INVALID + " I7-h-bad",
            DeadLetterReason.INVALID + " I7-s1-again");
  }

  private JobRun runScenario(String region) throws Exception {
    return runScenario(
        region, (observations, census) -> new TwoUnitsFourDays(region, observations, census));
  }

  private JobRun runScenario(
      String region, java.util.function.BiFunction<String, String, TwoUnitsFourDays> scenario)
      throws Exception {
    return runScenario(region, 2, scenario);
  }

  private JobRun runScenario(
      String region,
      int parallelism,
      java.util.function.BiFunction<String, String, TwoUnitsFourDays> scenario)
      throws Exception {
    // One partition each: a bounded run's last watermark is then the input's.
    JobRun run =
        JobRun.of(STACK, region)
            .withTopics(
                1,
                PipelineOptions.TOPIC_INFECTIONS,
                PipelineOptions.TOPIC_INDICATORS,
                PipelineOptions.TOPIC_INFECTION_CLUSTERS,
                PipelineOptions.TOPIC_DEAD_LETTERS,
                PipelineOptions.TOPIC_UNITS)
            // The plain two-case rule: this scenario is about the figures, and its Klebsiella pair
            // is a cluster under it (the baseline-aware rule needs a third case at a unit without
            // history: ClusterDetectionTest, OutbreakDetectionTest).
            .with(PipelineOptions.INFECTIONS_CLUSTER_RULE, "plain");
    TwoUnitsFourDays events =
        scenario.apply(
            run.topic(PipelineOptions.TOPIC_INFECTIONS),
            run.topic(PipelineOptions.TOPIC_INDICATORS));
    STACK.send(events.units(run.topic(PipelineOptions.TOPIC_UNITS)));
    STACK.send(events.records());
    runJob(run, parallelism);
    return run;
  }

  private static void runJob(JobRun run) throws Exception {
    runJob(run, 2);
  }

  private static void runJob(JobRun run, int parallelism) throws Exception {
    PipelineSettings settings = run.settings();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    new InfectionJob(
            RawKafkaSource.of(
                settings, InfectionJob.NAME, run.topic(PipelineOptions.TOPIC_INFECTIONS)),
            RawKafkaSource.of(
                settings, InfectionJob.NAME, run.topic(PipelineOptions.TOPIC_INDICATORS)),
            ReferenceTopic.read(
                settings, InfectionJob.NAME, run.topic(PipelineOptions.TOPIC_UNITS)),
            InfectionSinks.production(settings),
            InfectionSettings.from(settings))
        .execute(env);
  }

  /** Every view of the infection figures. */
  static final String[] VIEWS = {
    "v_infection_incidence",
    "v_hygiene_compliance",
    "v_multi_resistant_findings",
    "v_infection_prevalence",
    "v_infection_clusters"
  };

  private static List<List<String>> everyRowOf(String region) throws Exception {
    return STACK.rowsOfRegion(region, VIEWS);
  }
}
