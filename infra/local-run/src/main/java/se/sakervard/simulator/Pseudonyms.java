package se.sakervard.simulator;

/**
 * Formats references and ids from random longs as a prefix and four groups of four hex digits, e.g.
 * {@code S-3fa9-07c1-9b2e-44d0}. No group is longer than four characters, so no reference can look
 * like a Swedish personal identity number (six or eight digits, a dash, four digits) to a reader or
 * a data-protection scanner.
 */
final class Pseudonyms {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Pseudonyms() {}

  static String format(char prefix, long value) {
    char[] chars = new char[21];
    chars[0] = prefix;
    int at = 1;
    for (int group = 0; group < 4; group++) {
      chars[at++] = '-';
      for (int digit = 0; digit < 4; digit++) {
        int shift = 60 - 4 * (4 * group + digit);
        chars[at++] = HEX[(int) (value >>> shift) & 0xF];
      }
    }
    return new String(chars);
  }
}
