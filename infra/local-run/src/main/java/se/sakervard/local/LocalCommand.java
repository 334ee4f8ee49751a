package se.sakervard.local;

import java.nio.file.Path;
import java.util.function.Function;

/** What the local commands ({@code infra/run}, {@code infra/benchmark}) share around their work. */
final class LocalCommand {
  /** The command's work on a running stack. */
  interface Work {
    void run(LocalPipeline pipeline) throws Exception;
  }

  private LocalCommand() {}

  /**
   * Parses the command line, or prints the usage and exits: with status 0 for {@code --help} (the
   * parser throws an exception without a message), 2 with the error otherwise.
   */
  static <O> O parseOrExit(String[] args, Function<String[], O> parser, String usage) {
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
   * mini cluster threads would otherwise keep it alive.
   */
  static void runOnFreshStack(String name, Work work) throws Exception {
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
    System.exit(0);
  }
}
