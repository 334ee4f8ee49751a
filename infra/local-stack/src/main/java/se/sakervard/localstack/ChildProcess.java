package se.sakervard.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file, with the little the launchers need around it: a
 * free loopback port to give it, waiting for it to become ready, and stopping it — also from a JVM
 * shutdown hook, so a Ctrl-C or a crashed test never leaves a process behind.
 */
final class ChildProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stop, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A loopback port that was free a moment ago (the child binds it shortly after). */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code command}, appending its stdout and stderr to {@code logFile}. */
  static ChildProcess start(String name, List<String> command, Path logFile) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    return new ChildProcess(name, process, logFile);
  }

  /** Runs {@code command} to completion (output to {@code logFile}); throws unless it exits 0. */
  static void run(String name, List<String> command, Path logFile, Duration timeout)
      throws IOException, InterruptedException {
    try (ChildProcess child = start(name, command, logFile)) {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw child.failure("did not finish within " + timeout.toSeconds() + " s");
      }
      if (child.process.exitValue() != 0) {
        throw child.failure("exited with code " + child.process.exitValue());
      }
    }
  }

  /**
   * Polls {@code ready} until it returns true. Throws, with the end of the log, if the process
   * exits first or {@code timeout} passes.
   */
  void awaitReady(Duration timeout, Callable<Boolean> ready) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw failure("exited with code " + process.exitValue() + " before it was ready");
      }
      try {
        if (ready.call()) {
          return;
        }
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        lastError = e; // not ready yet; kept for the message if it never becomes ready
      }
      Thread.sleep(200);
    }
    IllegalStateException failure = failure("was not ready within " + timeout.toSeconds() + " s");
    if (lastError != null) {
      failure.addSuppressed(lastError);
    }
    throw failure;
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(
        name + " " + what + "; last lines of " + logFile + ":\n" + logTail());
  }

  private String logTail() {
    try {
      // Decoded leniently: a log cut mid-character must not hide the rest.
      List<String> lines =
          new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read log: " + e + ")";
    }
  }

  /** Stops the process: a polite signal first, forcibly after a grace period. */
  @Override
  public void close() {
    stop();
    removeShutdownHook();
  }

  /**
   * Kills the process at once (SIGKILL on Linux: no shutdown hooks, nothing flushed, as a crash or
   * {@code kill -9}) and waits until it is gone.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw failure("was still running " + STOP_GRACE.toSeconds() + " s after SIGKILL");
    }
    removeShutdownHook();
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run; nothing to remove.
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
