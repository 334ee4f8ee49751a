package se.sakervard.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;

/** What the local commands ({@code infra/run}, {@code infra/benchmark}) share around their work. */
public final class LocalCommand {
  /** The command's work on a running stack. */
  public interface Work {
    void run(LocalPipeline pipeline) throws Exception;
  }

  private LocalCommand() {}

  /**
   * Parses the command line, or prints the usage and exits: with status 0 for {@code --help} (the
   * parser throws an exception without a message), 2 with the error otherwise.
   */
  public static <O> O parseOrExit(String[] args, Function<String[], O> parser, String usage) {
    try {
      return parser.apply(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("error: " + e.getMessage());
      }
      System.err.print(usage);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      throw e;
    }
  }

  /**
   * Starts the local stack in {@code infra/local-run/work/<name>-<millis>}, runs the work, and
   * stops everything it started, on completion, failure and Ctrl-C alike; then exits the JVM, whose
   * mini cluster threads would otherwise keep it alive. After a run that completed, the stack's
   * data is deleted and its logs are kept (a national year left 1.8 GB of topics behind); after a
   * failure, everything is kept.
   */
  public static void runOnFreshStack(String name, Work work) throws Exception {
    Path workDir = Path.of("infra", "local-run", "work", name + "-" + System.currentTimeMillis());
    // Before the first logger exists: the pipeline's own logs go to the work directory.
    System.setProperty("sakervard.log.file", workDir.resolve("pipeline.log").toString());
    System.out.println(
        "Starting the local stack (Kafka broker, ClickHouse endpoint) in " + workDir + " ...");
    LocalPipeline pipeline = LocalPipeline.start(workDir);
    Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "stop-local-stack"));
    try {
      work.run(pipeline);
    } finally {
      System.out.println("Stopping the job, the ClickHouse endpoint and the broker.");
      pipeline.close();
    }
    deleteDataKeepingLogs(workDir);
    System.exit(0);
  }

  /**
   * Deletes the directories two levels down (the broker's topics, ClickHouse's tables, the
   * checkpoints) and keeps the files above them: the logs and the broker's configuration.
   */
  private static void deleteDataKeepingLogs(Path workDir) {
    try (Stream<Path> parts = Files.list(workDir)) {
      for (Path part : parts.filter(Files::isDirectory).toList()) {
        try (Stream<Path> data = Files.list(part)) {
          for (Path d : data.filter(Files::isDirectory).toList()) {
            FileUtils.deleteDirectory(d.toFile());
          }
        }
      }
      System.out.println(
          "Logs kept in " + workDir + "; its topics, tables and checkpoints deleted.");
    } catch (IOException e) {
      System.err.println("Could not delete the data in " + workDir + ": " + e);
    }
  }
}
