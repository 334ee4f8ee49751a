package se.sakervard.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded local stack without the jobs: a Kafka broker (KRaft) and the chDB ClickHouse
 * endpoint as child processes, with the schema and the topics, for jobs that run elsewhere (a Flink
 * session cluster started by {@code infra/flink-cluster}). Prints the addresses, writes them to
 * {@code <work>/stack.env} as shell assignments, and runs until it is stopped (SIGTERM or Ctrl-C),
 * then stops both.
 *
 * <pre>java -cp ... se.sakervard.local.LocalStackOnly [work-dir]</pre>
 */
public final class LocalStackOnly {
  private LocalStackOnly() {}

  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(
                args.length > 0
                    ? args[0]
                    : "infra/local-run/work/stack-" + System.currentTimeMillis())
            .toAbsolutePath();
    LocalPipeline stack = LocalPipeline.start(work);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                }));
    String env =
        "KAFKA_BOOTSTRAP='"
            + stack.bootstrapServers()
            + "'\nCLICKHOUSE_JDBC='"
            + stack.clickHouseJdbcUrl()
            + "'\nCLICKHOUSE_HTTP='"
            + stack.clickHouseHttpUrl()
            + "'\n";
    Files.writeString(work.resolve("stack.env.tmp"), env, StandardCharsets.UTF_8);
    Files.move(
        work.resolve("stack.env.tmp"),
        work.resolve("stack.env"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.print(env);
    System.out.println("Local stack up in " + work + "; stop it with SIGTERM or Ctrl-C.");
    stopped.await();
  }
}
