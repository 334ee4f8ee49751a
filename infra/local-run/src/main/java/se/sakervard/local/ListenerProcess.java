package se.sakervard.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.feeds.Pseudonyms;

/**
 * The MLLP listener ({@code se.sakervard.feeds.hl7.MllpListener}) as a process of its own, as in
 * production, on the local stack's broker; its log is {@code mllp-listener.log} in the work
 * directory. Closing it stops the process.
 */
final class ListenerProcess implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;

  private ListenerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the listener on a free loopback port and returns once it accepts connections. */
  static ListenerProcess start(
      LocalPipeline pipeline, Path locationMap, String pseudonymKey, int port) throws Exception {
    Path log = pipeline.workDir().resolve("mllp-listener.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "se.sakervard.feeds.hl7.MllpListener",
                    "--" + PipelineOptions.KAFKA_BOOTSTRAP_SERVERS.key(),
                    pipeline.bootstrapServers(),
                    "--" + PipelineOptions.HL7_PORT.key(),
                    Integer.toString(port),
                    "--" + PipelineOptions.HL7_LOCATION_MAP.key(),
                    locationMap.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put(Pseudonyms.KEY_VARIABLE, pseudonymKey);
    ListenerProcess listener = new ListenerProcess(builder.start(), port);
    Runtime.getRuntime().addShutdownHook(new Thread(listener::close, "stop-mllp-listener"));
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!listener.accepts()) {
      if (!listener.process.isAlive() || System.nanoTime() > deadline) {
        listener.close();
        throw new IllegalStateException(
            "The MLLP listener did not start; its log (" + log + ") ends:\n" + tail(log));
      }
      Thread.sleep(200);
    }
    return listener;
  }

  int port() {
    return port;
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
