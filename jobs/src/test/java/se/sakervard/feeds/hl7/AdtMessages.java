package se.sakervard.feeds.hl7;

/**
 * ADT messages written for the tests (no real patient), as an integration engine sends them: MSH,
 * EVN, PID, PV1 in ER7. PID-3 is a hospital record number here; in a real feed it is often the
 * personal identity number, which is why no identifier of PID-3 leaves the mapping.
 */
final class AdtMessages {
  static final String PATIENT = "MRN-4711-TEST";

  private AdtMessages() {}

  /**
   * An ADT message of {@code trigger} for visit {@code visit}, lying on {@code location} (PV1-3),
   * from {@code prior} (PV1-6, may be empty), under hospital service {@code service}, at local time
   * {@code yyyyMMddHHmm}.
   */
  static String adt(
      String version,
      String controlId,
      String trigger,
      String at,
      String visit,
      String location,
      String prior,
      String service) {
    String time = at.replaceAll("[-T:]", "");
    String structure =
        switch (trigger) {
          case "A01", "A04", "A08", "A13" -> "ADT_A01";
          case "A11" -> "ADT_A09";
          case "A12" -> "ADT_A12";
          case "A03" -> "ADT_A03";
          case "A06", "A07" -> "ADT_A06";
          default -> "ADT_A02";
        };
    return String.join(
            "\r",
            "MSH|^~\\&|COSMIC|SUS|SAKERVARD|R01|"
                + time
                + "||ADT^"
                + trigger
                + "^"
                + structure
                + "|"
                + controlId
                + "|P|"
                + version,
            "EVN|" + trigger + "|" + time + "|||KOORD|" + time,
            "PID|||" + PATIENT + "^^^SUS^MR||Testsson^Tolvan||19500101|M",
            "PV1||I|"
                + location
                + "^^^SUS|||"
                + prior
                + "^^^SUS||||"
                + service
                + "|||||||||"
                + visit)
        + "\r";
  }

  static String adt(String controlId, String trigger, String at, String visit, String location) {
    return adt("2.5.1", controlId, trigger, at, visit, location, "", "");
  }
}
