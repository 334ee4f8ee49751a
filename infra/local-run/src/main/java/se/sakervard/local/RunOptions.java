package se.sakervard.local;

import java.time.Duration;
import se.sakervard.simulator.FaultRates;

/** The local run's command line. */
record RunOptions(
    Duration duration,
    double speed,
    int hospitals,
    long seed,
    FaultRates faults,
    EdgeFeed.Kind feed,
    boolean keep) {

  static final String USAGE =
      """
      Usage: infra/run [--days N] [--speed X|max] [--hospitals N] [--seed N] [--faults typical|none]
                       [--feed avro|hl7|fhir] [--keep]

        --days N        simulated days (decimals allowed)                  default 2
        --speed X       simulated seconds per wall-clock second, or max    default 3600 (an hour a second)
        --hospitals N   region size; about 330 available beds per hospital  default 3
        --seed N        the same seed gives the same region (events end now) default 42
        --faults F      typical: duplicates, out-of-order, late, malformed  default typical
        --feed F        how the bed movements arrive: avro (the census contract), hl7 (HL7 v2
                        ADT over MLLP to the listener) or fhir (FHIR R4 Encounters)  default avro
        --keep          keep the stack up after the simulation for queries; Ctrl-C stops it
      """;

  static RunOptions parse(String[] args) {
    Duration duration = Duration.ofDays(2);
    double speed = 3600;
    int hospitals = 3;
    long seed = 42;
    FaultRates faults = FaultRates.typical();
    EdgeFeed.Kind feed = EdgeFeed.Kind.AVRO;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--keep")) {
        keep = true;
        continue;
      }
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      try {
        switch (name) {
          case "--days" ->
              duration = Duration.ofSeconds(Math.round(Double.parseDouble(value) * 86_400));
          case "--speed" ->
              speed = value.equals("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
          case "--hospitals" -> hospitals = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--faults" ->
              faults =
                  switch (value) {
                    case "typical" -> FaultRates.typical();
                    case "none" -> FaultRates.none();
                    default -> throw new IllegalArgumentException("--faults is typical or none");
                  };
          case "--feed" ->
              feed =
                  switch (value) {
                    case "avro" -> EdgeFeed.Kind.AVRO;
                    case "hl7" -> EdgeFeed.Kind.HL7;
                    case "fhir" -> EdgeFeed.Kind.FHIR;
                    default -> throw new IllegalArgumentException("--feed is avro, hl7 or fhir");
                  };
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
      }
    }
    if (!(speed > 0) || hospitals < 1 || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("--speed, --hospitals and --days must be positive");
    }
    return new RunOptions(duration, speed, hospitals, seed, faults, feed, keep);
  }

  /** Wall-clock time the simulation takes at this speed (zero as fast as possible). */
  Duration wallTime() {
    return Double.isInfinite(speed)
        ? Duration.ZERO
        : Duration.ofMillis((long) (duration.toMillis() / speed));
  }
}
