package se.sakervard.feeds;

/**
 * A parser's reason for refusing a message, fit for a dead letter or a log line: HAPI's parsers
 * quote the text they failed on (the first 50 characters of an HL7 message, a JSON snippet), and a
 * message holds identity numbers. Keeps the first line, cut before any quote of the text, with long
 * digit runs blanked.
 */
public final class ParserReasons {
  private static final String[] QUOTE_MARKERS = {"The following is the first", "Source:"};
  private static final int MAX_LENGTH = 300;

  private ParserReasons() {}

  public static String withoutContent(String reason) {
    if (reason == null || reason.isBlank()) {
      return "unreadable";
    }
    int newline = reason.indexOf('\n');
    String line = newline < 0 ? reason : reason.substring(0, newline);
    for (String marker : QUOTE_MARKERS) {
      int quote = line.indexOf(marker);
      if (quote >= 0) {
        line = line.substring(0, quote);
      }
    }
    line = line.replaceAll("[0-9]{6,}[-+]?[0-9]*", "…").strip();
    return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
  }
}
