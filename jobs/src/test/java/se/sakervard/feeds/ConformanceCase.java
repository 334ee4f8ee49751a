package se.sakervard.feeds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One case of the conformance suite (jobs/src/test/resources/conformance, docs/hospital-feeds.md):
 * a text file whose {@code #} lines say what the case shows and what it must give, followed by the
 * messages a sender sends, in order, each ended by a blank line.
 *
 * <pre>
 * # what the case shows, in words
 * # day 2026-01-07                              the local day its figures are of
 * # expect ack AA AR                            the MLLP answers, in order (HL7)
 * # expect hours HL-C07-A 16                    patient hours of a unit on the day
 * # expect outlying-hours HL-C07-A 10           hours of outlying patients on the day
 * # expect now HL-C07-A occupied 1 outlying 1   the unit's census after the whole suite
 * # expect absent HL-F09-B                      no figure of the unit at all
 * # expect dead-letter INVALID text             a dead letter whose reason has the text
 * # pad 1 10485760                              the first message padded to 10 MB with NTE
 * </pre>
 */
record ConformanceCase(
    String name,
    LocalDate day,
    List<String> expectations,
    List<String> messages,
    int padded,
    int padTo) {

  /** The cases in {@code conformance/<feed>} with the file extension {@code extension}, by name. */
  static List<ConformanceCase> load(String feed, String extension) {
    try {
      Path dir = Path.of(ConformanceCase.class.getResource("/conformance/" + feed).toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> f.getFileName().toString().endsWith("." + extension))
            .sorted()
            .map(ConformanceCase::read)
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConformanceCase read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = file.getFileName().toString().replaceFirst("\\.[a-z0-9]+$", "");
    LocalDate day = null;
    int padded = -1;
    int padTo = 0;
    List<String> expectations = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    List<String> message = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("#")) {
        String text = line.substring(1).strip();
        if (text.startsWith("day ")) {
          day = LocalDate.parse(text.substring(4));
        } else if (text.startsWith("expect ")) {
          expectations.add(text.substring(7));
        } else if (text.startsWith("pad ")) {
          String[] p = text.split(" ");
          padded = Integer.parseInt(p[1]);
          padTo = Integer.parseInt(p[2]);
        }
      } else if (line.isBlank()) {
        if (!message.isEmpty()) {
          messages.add(String.join("\n", message));
          message.clear();
        }
      } else {
        message.add(line);
      }
    }
    if (!message.isEmpty()) {
      messages.add(String.join("\n", message));
    }
    if (day == null) {
      throw new IllegalStateException(file + " has no '# day yyyy-mm-dd' line");
    }
    return new ConformanceCase(name, day, expectations, messages, padded, padTo);
  }

  /** The expectations of one kind ("hours", "ack", ...), each split at spaces after the kind. */
  List<String[]> expected(String kind) {
    List<String[]> found = new ArrayList<>();
    for (String e : expectations) {
      if (e.startsWith(kind + " ")) {
        found.add(e.substring(kind.length() + 1).split(" ", kind.equals("dead-letter") ? 2 : 0));
      }
    }
    return found;
  }

  /** Message {@code i} as sent: an HL7 message's lines joined by CR (padded if asked). */
  String hl7Message(int i) {
    StringBuilder m =
        new StringBuilder(String.join("\r", messages.get(i).split("\n"))).append('\r');
    if (i + 1 == padded) {
      String note = "NTE|1||" + "x".repeat(1000) + "\r";
      while (m.length() < padTo) {
        m.append(note);
      }
    }
    return m.toString();
  }
}
