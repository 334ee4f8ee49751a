package se.sakervard.core.ingest;

import java.util.regex.Pattern;

/**
 * Recognises what looks like a Swedish personal identity number (personnummer) or coordination
 * number (samordningsnummer): YYMMDD-NNNN or YYYYMMDDNNNN, with or without separator. Inputs carry
 * pseudonymous references only; a record with such a value is rejected and its raw bytes withheld.
 */
public final class PersonalIdentityNumbers {
  private static final Pattern SHAPE = Pattern.compile("^\\s*(\\d{2})?\\d{6}[-+]?\\d{4}\\s*$");

  private PersonalIdentityNumbers() {}

  public static boolean looksLikeOne(String value) {
    return value != null && SHAPE.matcher(value).matches();
  }
}
