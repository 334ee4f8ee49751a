package se.sakervard.deviations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static se.sakervard.testing.JobRun.row;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.source.RawKafkaSource;
import se.sakervard.core.source.ReferenceTopic;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.schemas.pipeline.IndicatorValue;
import se.sakervard.testing.JobRun;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.UnitReferenceRecords;

/**
 * The deviation job end to end: the real broker, the job on a Flink mini cluster, the real
 * ClickHouse engine. Expected values are worked out by hand from {@link FourCasesOneMonth}.
 */
class DeviationJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @Test
  void shouldWriteExactCaseAndMonthlyFiguresWithBadInputDeadLettered() throws Exception {
    JobRun topics = runScenario("D1");

    // Cases: K2 reopened and closed again on day 50 (2026-02-24 08:00 UTC); K3 closed although its
    // report came last; K4 counted once and still open, its impossible close not taken.
    assertThat(
            STACK.query(
                "SELECT case_ref, unit_code, category, deviation_type, consequence, risk_score,"
                    + " serious_care_injury, needs_event_analysis, toString(closed_at),"
                    + " reopenings, toString(lex_maria_filed_at), version"
                    + " FROM v_deviation_cases WHERE region_code = 'D1' ORDER BY case_ref"))
        .containsExactly(
            row(
                "D1-K1",
                "D1-H1-U1",
                "MEDICATION",
                "NEGATIVE_EVENT",
                "3",
                "6",
                "true",
                "true",
                "2026-02-04 08:00:00.000",
                "0",
                "2026-02-14 08:00:00.000",
                "6"),
            row(
                "D1-K2",
                "D1-H1-U1",
                "FALL",
                "NEAR_MISS",
                "1",
                "1",
                "false",
                "false",
                "2026-02-24 08:00:00.000",
                "1",
                null,
                "6"),
            row(
                "D1-K3",
                "D1-H1-U2",
                "FALL",
                "NEGATIVE_EVENT",
                "1",
                "1",
                "false",
                "false",
                "2026-01-13 08:00:00.000",
                "0",
                null,
                "2"),
            row(
                "D1-K4",
                "D1-H1-U2",
                "FALL",
                "NEGATIVE_EVENT",
                "1",
                "2",
                "false",
                "false",
                null,
                "0",
                null,
                "1"));

    // January cohorts. U1: K1 (delay 24 h, closed after 30 days) and K2 (24 h, 49 days); all
    // closed, so final. U2: K3 (2 h, 6 days) and K4 (48 h, open): not final. Hospital: delays
    // 2, 24, 24, 48 h → median (rank 2) 24, p90 (rank 4) 48; handling 6, 30, 49 days → median
    // (rank 2) 30, p90 (rank 3) 49; within 30 days K1 and K3, within 60 also K2.
    String columns =
        "level, unit_code, toString(month), reported, negative_events, near_misses,"
            + " serious_care_injuries, open_cases, closed_within_30_days, closed_within_60_days,"
            + " share_closed_within_30_days_percent, reporting_delay_median_hours,"
            + " reporting_delay_p90_hours, handling_time_median_days, handling_time_p90_days,"
            + " needs_event_analysis, event_analysis_in_time, lex_maria_filed,"
            + " lex_maria_lead_time_median_days, complaints_received,"
            + " complaints_answered_within_30_days, is_final";
    assertThat(
            STACK.query(
                "SELECT "
                    + columns
                    + " FROM v_deviation_monthly WHERE region_code = 'D1'"
                    + " ORDER BY level, unit_code, month"))
        .containsExactly(
            // Hospital, January: 4 reported (K2 a near miss), K4 open.
            row(
                "HOSPITAL",
                "",
                "2026-01-01",
                "4",
                "3",
                "1",
                "1",
                "1",
                "2",
                "3",
                "50.0",
                "24.0",
                "48.0",
                "30.0",
                "49.0",
                "1",
                "1",
                "0",
                null,
                "1",
                "0",
                "false"),
            // Hospital, February: only K1's lex Maria filing, 41 days after it occurred.
            row(
                "HOSPITAL",
                "",
                "2026-02-01",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                null,
                null,
                null,
                null,
                null,
                "0",
                "0",
                "1",
                "41.0",
                "0",
                "0",
                "true"),
            row(
                "REGION",
                "",
                "2026-01-01",
                "4",
                "3",
                "1",
                "1",
                "1",
                "2",
                "3",
                "50.0",
                "24.0",
                "48.0",
                "30.0",
                "49.0",
                "1",
                "1",
                "0",
                null,
                "1",
                "0",
                "false"),
            row(
                "REGION",
                "",
                "2026-02-01",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                null,
                null,
                null,
                null,
                null,
                "0",
                "0",
                "1",
                "41.0",
                "0",
                "0",
                "true"),
            // U1, January: K1 and K2 closed after 30 and 49 days; K2's complaint took 38 days.
            row(
                "UNIT",
                "D1-H1-U1",
                "2026-01-01",
                "2",
                "1",
                "1",
                "1",
                "0",
                "1",
                "2",
                "50.0",
                "24.0",
                "24.0",
                "30.0",
                "49.0",
                "1",
                "1",
                "0",
                null,
                "1",
                "0",
                "true"),
            row(
                "UNIT",
                "D1-H1-U1",
                "2026-02-01",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                null,
                null,
                null,
                null,
                null,
                "0",
                "0",
                "1",
                "41.0",
                "0",
                "0",
                "true"),
            // U2, January: K3 closed after 6 days, K4 open; delays 2 and 48 h.
            row(
                "UNIT",
                "D1-H1-U2",
                "2026-01-01",
                "2",
                "2",
                "0",
                "0",
                "1",
                "1",
                "1",
                "50.0",
                "2.0",
                "48.0",
                "6.0",
                "6.0",
                "0",
                "0",
                "0",
                null,
                "0",
                "0",
                "false"));

    // Backlog: the bounded input ends at K2's close on day 50 (2026-02-24 08:00), so the newest
    // figures are as of then: K4 (reported 2026-01-05 08:00) is the only open case, 50 days old.
    // U2 has no event after K3's close; its ageing timer put K4 over 30 days at day 33 + 1 ms.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(as_of), open_cases, open_over_30_days,"
                    + " open_over_60_days, open_over_90_days, open_serious_care_injuries"
                    + " FROM v_deviation_backlog WHERE region_code = 'D1'"
                    + " ORDER BY level, unit_code"))
        .containsExactly(
            row("HOSPITAL", "", "2026-02-24 08:00:00.000", "1", "1", "0", "0", "0"),
            row("REGION", "", "2026-02-24 08:00:00.000", "1", "1", "0", "0", "0"),
            row("UNIT", "D1-H1-U1", "2026-02-24 08:00:00.000", "0", "0", "0", "0", "0"),
            row("UNIT", "D1-H1-U2", "2026-02-07 08:00:00.001", "1", "1", "0", "0", "0"));

    // Backlog at January's end (1 February 00:00 in Stockholm, 31 January 23:00 UTC), the only
    // month end event time passed: K1 (closed day 30, 4 February) and K2 (reopened day 15, closed
    // again day 50) open on U1, K1 a serious care injury since day 2; K4 open on U2; K3 closed day
    // 8. None over 30 days old (K1, the oldest, 26 days 15 h).
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(month), toString(month_end), open_cases,"
                    + " open_over_30_days, open_over_60_days, open_over_90_days,"
                    + " open_serious_care_injuries"
                    + " FROM v_deviation_backlog_month_end WHERE region_code = 'D1'"
                    + " ORDER BY level, unit_code, month"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-01", "2026-01-31 23:00:00.000", "3", "0", "0", "0", "1"),
            row("REGION", "", "2026-01-01", "2026-01-31 23:00:00.000", "3", "0", "0", "0", "1"),
            row(
                "UNIT",
                "D1-H1-U1",
                "2026-01-01",
                "2026-01-31 23:00:00.000",
                "2",
                "0",
                "0",
                "0",
                "1"),
            row(
                "UNIT",
                "D1-H1-U2",
                "2026-01-01",
                "2026-01-31 23:00:00.000",
                "1",
                "0",
                "0",
                "0",
                "0"));

    // Event analyses: K1 needed one (consequence 3 since day 2) and started it day 5, in time.
    // Each month is as of the newest event of a case counting in it: January's of U1 K2's close
    // on day 50; U2's K3's close on day 8, which came before K3's report; February's K1's lex
    // Maria filing on day 40.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(month), needs_event_analysis,"
                    + " event_analysis_in_time, event_analysis_started_late,"
                    + " event_analysis_overdue, event_analysis_not_yet_due, toString(as_of)"
                    + " FROM v_deviation_monthly WHERE region_code = 'D1' AND level != 'REGION'"
                    + " ORDER BY level, unit_code, month"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-01", "1", "1", "0", "0", "0", "2026-02-24 08:00:00.000"),
            row("HOSPITAL", "", "2026-02-01", "0", "0", "0", "0", "0", "2026-02-14 08:00:00.000"),
            row(
                "UNIT",
                "D1-H1-U1",
                "2026-01-01",
                "1",
                "1",
                "0",
                "0",
                "0",
                "2026-02-24 08:00:00.000"),
            row(
                "UNIT",
                "D1-H1-U1",
                "2026-02-01",
                "0",
                "0",
                "0",
                "0",
                "0",
                "2026-02-14 08:00:00.000"),
            row(
                "UNIT",
                "D1-H1-U2",
                "2026-01-01",
                "0",
                "0",
                "0",
                "0",
                "0",
                "2026-01-13 08:00:00.000"));

    // Reports per local day and current classification: K1 counts as reclassified (a medication
    // injury of consequence 3); its first classification's row fell to 0 and is not shown.
    List<List<String>> daily =
        List.of(
            List.of("2026-01-05", "MEDICATION", "NEGATIVE_EVENT", "3", "1"),
            List.of("2026-01-06", "FALL", "NEAR_MISS", "1", "1"),
            List.of("2026-01-07", "FALL", "NEGATIVE_EVENT", "1", "1"),
            List.of("2026-01-08", "FALL", "NEGATIVE_EVENT", "1", "1"));
    String dailyColumns = "toString(day), category, deviation_type, consequence, reported";
    assertThat(regionRows("v_deviation_daily", "HOSPITAL", dailyColumns)).isEqualTo(daily);
    assertThat(regionRows("v_deviation_daily", "REGION", dailyColumns)).isEqualTo(daily);
    assertThat(regionRows("v_deviation_daily", "UNIT", "unit_code, " + dailyColumns))
        .containsExactly(
            row("D1-H1-U1", "2026-01-05", "MEDICATION", "NEGATIVE_EVENT", "3", "1"),
            row("D1-H1-U1", "2026-01-06", "FALL", "NEAR_MISS", "1", "1"),
            row("D1-H1-U2", "2026-01-07", "FALL", "NEGATIVE_EVENT", "1", "1"),
            row("D1-H1-U2", "2026-01-08", "FALL", "NEGATIVE_EVENT", "1", "1"));

    // Rolling 12 months: a row per local day from a place's first report until event time
    // passed, without events too: the last event is on day 50 (24 February 08:00 UTC), so the
    // last day ended is 23 February.
    assertThat(
            STACK.query(
                "SELECT level, unit_code, toString(min(day)), toString(max(day)), count(),"
                    + " argMax(reported_last_12_months, day)"
                    + " FROM v_deviation_reported_rolling WHERE region_code = 'D1'"
                    + " GROUP BY level, unit_code ORDER BY level, unit_code"))
        .containsExactly(
            row("HOSPITAL", "", "2026-01-05", "2026-02-23", "50", "4"),
            row("REGION", "", "2026-01-05", "2026-02-23", "50", "4"),
            row("UNIT", "D1-H1-U1", "2026-01-05", "2026-02-23", "50", "2"),
            row("UNIT", "D1-H1-U2", "2026-01-07", "2026-02-23", "48", "2"));
    // No report in the 12 months before: no change figure yet.
    assertThat(
            regionRows(
                    "v_deviation_reported_rolling",
                    "HOSPITAL",
                    "toString(day), reported_on_day, reported_last_12_months,"
                        + " reported_previous_12_months, change_percent")
                .subList(0, 5))
        .containsExactly(
            row("2026-01-05", "1", "1", "0", null),
            row("2026-01-06", "1", "2", "0", null),
            row("2026-01-07", "1", "3", "0", null),
            row("2026-01-08", "1", "4", "0", null),
            row("2026-01-09", "0", "4", "0", null));

    List<DeadLetter> deadLetters =
        STACK.readAll(topics.topic(PipelineOptions.TOPIC_DEAD_LETTERS), DeadLetter.class, 2);
    assertThat(deadLetters)
        .extracting(DeadLetter::getReason)
        .containsExactlyInAnyOrder(DeadLetterReason.MALFORMED, DeadLetterReason.INVALID);
    assertThat(deadLetters)
        .filteredOn(d -> d.getReason() == DeadLetterReason.INVALID)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getEventId()).isEqualTo("D1-k4-bad");
              assertThat(d.getDetail()).contains("before case D1-K4 occurred");
            });

    Map<String, IndicatorValue> newest = new HashMap<>();
    for (IndicatorValue v :
        STACK.readAll(topics.topic(PipelineOptions.TOPIC_INDICATORS), IndicatorValue.class, 1)) {
      newest.merge(v.getKey(), v, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
    }
    IndicatorValue hospitalShare =
        newest.values().stream()
            .filter(
                v ->
                    v.getIndicator().equals(DeviationIndicators.CLOSED_WITHIN_30_DAYS)
                        && v.getHospitalCode().equals("D1-H1")
                        && v.getUnitCode().isEmpty()
                        && v.getLevel().name().equals("HOSPITAL")
                        && v.getPeriodKind().equals("MONTH"))
            .findFirst()
            .orElseThrow();
    assertThat(hospitalShare.getValue()).isEqualTo(50.0);
    assertThat(hospitalShare.getNumerator()).isEqualTo(2.0);
    assertThat(hospitalShare.getDenominator()).isEqualTo(4.0);
    // The backlog now goes to alerting on the current-indicators topic, and only there.
    assertThat(newest.values()).extracting(IndicatorValue::getPeriodKind).doesNotContain("CURRENT");
    assertThat(
            STACK.readAll(
                topics.topic(PipelineOptions.TOPIC_CURRENT_INDICATORS), IndicatorValue.class, 1))
        .extracting(IndicatorValue::getIndicator, IndicatorValue::getPeriodKind)
        .contains(tuple(DeviationIndicators.OPEN, "CURRENT"))
        .allMatch(v -> v.toList().get(1).equals("CURRENT"));
  }

  @Test
  void shouldLeaveClickHouseUnchangedWhenTheSameInputIsProcessedAgain() throws Exception {
    JobRun topics = runScenario("D2");
    List<List<String>> first = everyRowOf("D2");
    runJob(topics);

    // 4 cases, 7 monthly rows, 4 backlogs, 4 month-end backlogs, 12 daily counts, 50 + 50 + 50 +
    // 48 rolling days.
    assertThat(first).hasSize(4 + 7 + 4 + 4 + 12 + 198);
    assertThat(everyRowOf("D2")).isEqualTo(first);
  }

  @Test
  void shouldCorrectAMonthEndByALateCloseAndCountAnOverdueAnalysisOnce() throws Exception {
    JobRun topics =
        runScenario("D3", (region, topic) -> new LateCloseAcrossMonthEnd(region, topic).records());

    // December's end: E, 11 days 15 h old. January's: E (42 days 15 h: over 30), A and D (closed
    // only on 2 February); B's close on 25 January came when event time had passed January's end,
    // and still counts (B open there would make 4; MonthEndBacklogTest shows the row rewritten).
    // Every place the same: one unit.
    List<List<String>> monthEnds =
        List.of(
            List.of("2025-12-01", "2025-12-31 23:00:00.000", "1", "0", "0", "0", "0"),
            List.of("2026-01-01", "2026-01-31 23:00:00.000", "3", "1", "0", "0", "0"));
    String monthEndColumns =
        "toString(month), toString(month_end), open_cases, open_over_30_days,"
            + " open_over_60_days, open_over_90_days, open_serious_care_injuries";
    for (String level : List.of("UNIT", "HOSPITAL", "REGION")) {
      assertThat(regionRows("D3", "v_deviation_backlog_month_end", level, monthEndColumns))
          .as(level)
          .isEqualTo(monthEnds);
    }

    // The BI layer's shape: value the open cases, numerator those over 30 days.
    assertThat(
            STACK.query(
                "SELECT toString(time), value, numerator FROM bi_deviations_open_backlog"
                    + " WHERE region = 'D3' AND level = 'UNIT' AND period = 'MONTH_END'"
                    + " ORDER BY time"))
        .containsExactly(
            row("2025-12-31 23:00:00.000", "1.0", "0.0"),
            row("2026-01-31 23:00:00.000", "3.0", "1.0"));

    // January's cohort (A, B, D): A's analysis, due 3 February 08:00, never started. No event of
    // the cohort came after D's close on 2 February: the month was written again when event time
    // passed the deadline, as of a millisecond after it, A overdue. December's (E) and February's
    // (C) cohorts need no analysis.
    assertThat(
            regionRows(
                "D3",
                "v_deviation_monthly",
                "UNIT",
                "toString(month), reported, open_cases, needs_event_analysis,"
                    + " event_analysis_in_time, event_analysis_started_late,"
                    + " event_analysis_overdue, event_analysis_not_yet_due, is_final,"
                    + " toString(as_of)"))
        .containsExactly(
            row(
                "2025-12-01",
                "1",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "false",
                "2025-12-20 08:00:00.000"),
            row(
                "2026-01-01",
                "3",
                "1",
                "1",
                "0",
                "0",
                "1",
                "0",
                "false",
                "2026-02-03 08:00:00.001"),
            row(
                "2026-02-01",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "true",
                "2026-02-12 08:00:00.000"));

    // The same input again: every row replaces the one it repeats, nothing is counted twice.
    List<List<String>> first = everyRowOf("D3");
    runJob(topics);
    assertThat(everyRowOf("D3")).isEqualTo(first);
    assertThat(
            STACK.query(
                "SELECT sum(open_cases) FROM v_deviation_backlog_month_end"
                    + " WHERE region_code = 'D3' AND level = 'UNIT'"))
        .containsExactly(row("4"));
  }

  /** A case closed as entered in error leaves every row as if it had never been reported. */
  @Test
  void shouldLeaveEveryFigureAsIfACaseEnteredInErrorHadNeverBeenReported() throws Exception {
    runScenario("D4");
    runScenario(
        "D5", (r, topic) -> new FourCasesOneMonth(r, topic).withCaseEnteredInError().records());

    List<List<String>> plain = everyRowOf("D4");
    assertThat(plain).hasSizeGreaterThan(20);
    assertThat(STACK.rowsOfRegionAs("D5", "D4", VIEWS)).isEqualTo(plain);
  }

  private JobRun runScenario(String region) throws Exception {
    return runScenario(region, (r, topic) -> new FourCasesOneMonth(r, topic).records());
  }

  /** Sends a scenario's records (of a region, for a topic) to fresh topics and runs the job. */
  private JobRun runScenario(
      String region, BiFunction<String, String, List<ProducerRecord<String, byte[]>>> scenario)
      throws Exception {
    // One partition (read by one of the two source subtasks): a bounded run's last watermark is
    // then the input's, not that of whichever partition's reader happened to finish last.
    JobRun run =
        JobRun.of(STACK, region)
            .withTopics(
                1,
                PipelineOptions.TOPIC_DEVIATIONS,
                PipelineOptions.TOPIC_INDICATORS,
                PipelineOptions.TOPIC_CURRENT_INDICATORS,
                PipelineOptions.TOPIC_DEAD_LETTERS,
                PipelineOptions.TOPIC_UNITS);
    // The scenarios' units: U1 and U2 of H1, throughout.
    String units = run.topic(PipelineOptions.TOPIC_UNITS);
    STACK.send(
        List.of(
            UnitReferenceRecords.somatic(units, region, region + "-H1", region + "-H1-U1"),
            UnitReferenceRecords.somatic(units, region, region + "-H1", region + "-H1-U2")));
    STACK.send(scenario.apply(region, run.topic(PipelineOptions.TOPIC_DEVIATIONS)));
    runJob(run);
    return run;
  }

  private static void runJob(JobRun run) throws Exception {
    PipelineSettings settings = run.settings();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    new DeviationJob(
            RawKafkaSource.of(
                settings, DeviationJob.NAME, run.topic(PipelineOptions.TOPIC_DEVIATIONS)),
            ReferenceTopic.read(
                settings, DeviationJob.NAME, run.topic(PipelineOptions.TOPIC_UNITS)),
            DeviationSinks.production(settings),
            DeviationSettings.from(settings))
        .execute(env);
  }

  /** Every view of the deviation figures. */
  static final String[] VIEWS = {
    "v_deviation_cases",
    "v_deviation_monthly",
    "v_deviation_backlog",
    "v_deviation_backlog_month_end",
    "v_deviation_daily",
    "v_deviation_reported_rolling"
  };

  private static List<List<String>> everyRowOf(String region) throws Exception {
    return STACK.rowsOfRegion(region, VIEWS);
  }

  /** The columns of a view's rows of region D1 at one level, in the order of the columns. */
  private static List<List<String>> regionRows(String view, String level, String columns)
      throws Exception {
    return regionRows("D1", view, level, columns);
  }

  /** The columns of a view's rows of a region at one level, in the order of the columns. */
  private static List<List<String>> regionRows(
      String region, String view, String level, String columns) throws Exception {
    return STACK.query(
        "SELECT "
            + columns
            + " FROM "
            + view
            + " WHERE region_code = '"
            + region
            + "' AND level = '"
            + level
            + "' ORDER BY ALL");
  }
}
