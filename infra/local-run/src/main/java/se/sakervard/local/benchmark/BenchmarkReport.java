package se.sakervard.local.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures of a benchmark run, printed together at its end under "Benchmark figures", and how
 * they are formatted; progress goes to the console as it happens ({@link #say}).
 */
final class BenchmarkReport {
  private final List<String> lines = new ArrayList<>();

  /** A report that begins with the machine it runs on. */
  static BenchmarkReport ofThisMachine() {
    BenchmarkReport report = new BenchmarkReport();
    report.add(
        String.format(
            Locale.ROOT,
            "Machine: %d cores, JVM heap limit %,d MB, Java %s",
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20,
            System.getProperty("java.version")));
    return report;
  }

  void add(String line) {
    lines.add(line);
  }

  /** A blank line, then the heading of what follows. */
  void section(String heading) {
    add("");
    add(heading);
  }

  /** Prints the figures, each line indented under the heading. */
  void print() {
    System.out.println();
    System.out.println("Benchmark figures");
    lines.forEach(line -> System.out.println("  " + line));
  }

  /** "; S% of {@code what}" for a description, or nothing where the share is 0. */
  static String shareOf(double share, String what) {
    return share > 0 ? String.format(Locale.ROOT, "; %.1f%% of %s", 100 * share, what) : "";
  }

  /** A line of progress, printed at once. */
  static void say(String line) {
    System.out.println(line);
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The largest checkpoint's size and its largest operator states. */
  static String stateSummary(CheckpointSizes.Checkpoint largest) {
    if (largest == null) {
      return "no checkpoint completed while it ran";
    }
    return String.format(
        Locale.ROOT,
        "%,.1f MB in the largest checkpoint taken while it ran, of which %s",
        largest.bytes() / 1e6,
        largest.shares().stream()
            .limit(5)
            .map(s -> String.format(Locale.ROOT, "%s %,.1f MB", s.operator(), s.bytes() / 1e6))
            .collect(Collectors.joining(", ")));
  }
}
