package se.sakervard.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The savepoints of earlier releases kept under {@code src/test/resources/savepoints} (one
 * directory per job and release, e.g. {@code census-0.1.0}), which this version must restore
 * (docs/operations.md, "Upgrades and savepoints").
 */
public final class KeptSavepoints {
  private static final Path KEPT = Path.of("src", "test", "resources", "savepoints");

  private KeptSavepoints() {}

  /**
   * The release whose savepoints a run keeps instead of restoring the kept ones ({@code
   * -Dsakervard.savepoint.write=<release>}), or null.
   */
  public static String releaseToKeep() {
    return System.getProperty("sakervard.savepoint.write");
  }

  /** The kept savepoints whose directory name starts with {@code prefix}, e.g. "census-". */
  public static List<Path> of(String prefix) throws IOException {
    try (Stream<Path> dirs = Files.list(KEPT)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  /** A region's figures as a test compares them. */
  public interface Figures {
    List<List<String>> of() throws Exception;
  }

  /** Deletes a region's rows from these tables, so that a restored run writes them afresh. */
  public static void clearRegion(LocalStackExtension stack, String region, String... tables)
      throws Exception {
    for (String table : tables) {
      stack.execute(
          "ALTER TABLE "
              + table
              + " DELETE WHERE region_code = '"
              + region
              + "' SETTINGS mutations_sync = 1");
    }
  }

  /**
   * The state backend a kept savepoint is restored on: RocksDB, as production keeps the deviation
   * job's state, where a state whose serializer changed is migrated value by value as it is
   * registered (on the heap, all of it is read with the release's serializer at restore).
   */
  public static final String RESTORED_ON = "rocksdb";

  /**
   * Starts {@code graph} on {@link #RESTORED_ON} from the kept {@code savepoint} (all its state
   * required to map), waits until {@code figures} equal {@code expected}, stops the job, prints how
   * many rows matched, and fails unless all did.
   */
  public static void assertRestores(
      SavepointRuns runs,
      Path savepoint,
      Consumer<StreamExecutionEnvironment> graph,
      Figures figures,
      List<List<String>> expected)
      throws Exception {
    SavepointRuns restored = runs.on(RESTORED_ON);
    JobClient job = restored.start(graph, savepoint.toUri().toString(), "sakervard-compatibility");
    boolean equal = restored.await(job, () -> figures.of().equals(expected));
    restored.stop(job);
    System.out.printf(
        "Savepoint compatibility: %s restored by this version on %s, %d of %d figure rows as the"
            + " whole scenario without a stop%n",
        savepoint.getFileName(),
        RESTORED_ON,
        figures.of().stream().filter(expected::contains).count(),
        expected.size());
    if (!equal) {
      List<List<String>> rows = figures.of();
      throw new AssertionError(
          "The figures after restoring "
              + savepoint.getFileName()
              + " differ; missing: "
              + expected.stream().filter(r -> !rows.contains(r)).limit(8).toList()
              + "; not expected: "
              + rows.stream().filter(r -> !expected.contains(r)).limit(8).toList());
    }
  }

  /**
   * Starts {@code graph} without a savepoint and waits until {@code query} returns a row (the cut:
   * what a release's savepoint was taken after is in the job's state); fails, naming {@code what},
   * if it does not within the runs' deadline. Returns the running job.
   */
  public static JobClient runUntilCut(
      SavepointRuns runs,
      Consumer<StreamExecutionEnvironment> graph,
      LocalStackExtension stack,
      String query,
      String what)
      throws Exception {
    JobClient job = runs.start(graph, null, "sakervard-compatibility-cut");
    if (!runs.await(job, () -> !stack.query(query).isEmpty())) {
      throw new AssertionError(what + " not reached in time");
    }
    return job;
  }

  /** Keeps the savepoint Flink took at {@code taken} (its URI) as {@code name}, replacing it. */
  public static void keep(String taken, String name) throws IOException {
    Path from = Path.of(URI.create(taken));
    Path target = KEPT.resolve(name);
    if (Files.exists(target)) {
      try (Stream<Path> all = Files.walk(target)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.printf("Savepoint kept in %s%n", target.toAbsolutePath());
  }
}
