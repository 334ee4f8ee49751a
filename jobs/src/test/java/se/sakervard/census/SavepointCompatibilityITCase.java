package se.sakervard.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.sakervard.testing.KeptSavepoints;
import se.sakervard.testing.LocalStackExtension;
import se.sakervard.testing.MiniClusters;
import se.sakervard.testing.SavepointRuns;

/**
 * The census job of this version restores the savepoints of earlier releases (docs/operations.md,
 * "Upgrades"): every savepoint kept under {@code src/test/resources/savepoints/census-<release>}
 * was taken by that release's job after the first part of the {@link TwoUnitsTwoDays} scenario
 * (through S8's late admission); this version starts from it with every piece of its state required
 * to map, is sent the rest, and must end with the figures of the whole scenario run without a stop.
 * A state class changed so that the release's state no longer reads fails here.
 *
 * <p>A release writes its own savepoint with {@code -Dsakervard.savepoint.write=<release>} (the
 * directory is replaced) and keeps it with the others.
 */
class SavepointCompatibilityITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String REGION = "RV";

  /** The topics' names and consumer group: those the kept savepoints' sources read. */
  private static final String TOPICS = "savepoint-compatibility";

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @RegisterExtension static final LocalStackExtension STACK = new LocalStackExtension();

  @TempDir static Path savepoints;

  @Test
  void shouldRestoreTheSavepointOfEveryKeptRelease() throws Exception {
    String release = KeptSavepoints.releaseToKeep();
    if (release != null) {
      write(release);
      return;
    }
    List<Path> kept = KeptSavepoints.of("census-");
    assertThat(kept).as("kept census savepoints").isNotEmpty();

    CensusRuns.Run reference =
        CensusRuns.prepare(
            STACK, new TwoUnitsTwoDays("RX", "census-RX-" + UUID.randomUUID()), "RX");
    reference.runToEnd();
    List<List<String>> expected = CensusRuns.figures(STACK, "RX");
    assertThat(expected).hasSizeGreaterThan(100);

    for (Path savepoint : kept) {
      // Topics and rows of their own for each, as the release had.
      TwoUnitsTwoDays scenario = new TwoUnitsTwoDays(REGION, "census-" + TOPICS);
      CensusRuns.deleteNamed(STACK, scenario, TOPICS);
      KeptSavepoints.clearRegion(STACK, REGION, "census_figures", "census_current");
      CensusRuns.Run run = CensusRuns.createNamed(STACK, scenario, TOPICS).unbounded();
      Consumer<StreamExecutionEnvironment> census = env -> run.job().attachTo(env);
      int cut = scenario.recordsThrough("a8");
      STACK.send(scenario.records().subList(0, cut));
      // The rows the release wrote before its savepoint, written again by this version (each
      // period's newest version stands, so a row both write counts once).
      runs().stop(runUntilCut(census, null));

      STACK.send(scenario.records().subList(cut, scenario.records().size()));
      KeptSavepoints.assertRestores(
          runs(), savepoint, census, () -> CensusRuns.figures(STACK, REGION), expected);
    }
  }

  /** Runs the first part and keeps this version's savepoint as {@code census-<release>}. */
  private void write(String release) throws Exception {
    TwoUnitsTwoDays scenario = new TwoUnitsTwoDays(REGION, "census-" + TOPICS);
    CensusRuns.Run run = CensusRuns.createNamed(STACK, scenario, TOPICS).unbounded();
    Consumer<StreamExecutionEnvironment> census = env -> run.job().attachTo(env);
    STACK.send(scenario.records().subList(0, scenario.recordsThrough("a8")));
    KeptSavepoints.keep(runs().stop(runUntilCut(census, null)), "census-" + release);
  }

  /** Runs until SURG holds the first part's 3 patients in 2 beds: the cut is in its state. */
  private JobClient runUntilCut(Consumer<StreamExecutionEnvironment> census, String savepoint)
      throws Exception {
    JobClient job = runs().start(census, savepoint, "sakervard-census-compat");
    boolean reached =
        runs()
            .await(
                job,
                () ->
                    STACK
                        .query(
                            "SELECT toString(occupied), toString(available) FROM census_current"
                                + " FINAL WHERE level = 'UNIT' AND unit_code = '"
                                + REGION
                                + "SURG'")
                        .equals(List.of(List.of("3", "2"))));
    assertThat(reached).as("SURG at 3 patients in 2 beds within %s", DEADLINE).isTrue();
    return job;
  }

  private static SavepointRuns runs() {
    return new SavepointRuns(savepoints, DEADLINE);
  }
}
