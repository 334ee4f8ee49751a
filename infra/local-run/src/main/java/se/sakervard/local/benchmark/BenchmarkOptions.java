package se.sakervard.local.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's command line. */
record BenchmarkOptions(
    int hospitals,
    double days,
    long seed,
    double latencySpeed,
    Duration latencyWallTime,
    int deviationHospitals,
    double deviationDays,
    int deviationReports,
    double deviationLatencySpeed,
    int infectionHospitals,
    double infectionDays,
    double infectionLatencySpeed,
    int alertingHospitals,
    double alertingLatencySpeed,
    String only,
    double nationalDays,
    double alertBurdenDays,
    double censusCancelled,
    double infectionsCorrected,
    String stateBackend) {
  static final String USAGE =
      """
      Usage: infra/benchmark [--hospitals N] [--days N] [--seed N] [--latency-speed X] [--latency-seconds N]
                             [--deviation-hospitals N] [--deviation-days N] [--deviation-reports N]
                             [--deviation-latency-speed X] [--infection-hospitals N]
                             [--infection-days N] [--infection-latency-speed X]
                             [--alerting-hospitals N] [--alerting-latency-speed X]
                             [--only census|deviations|infections|alerting] [--national-days N]
                             [--alert-burden-days N] [--census-cancelled X]
                             [--infections-corrected X] [--state-backend hashmap|rocksdb]
     infra/benchmark --hl7-edge    the MLLP edge alone: messages/s and ACK latency

        --hospitals N                census: region size, about 330 beds each (60 ≈ Sweden)  default 20
        --days N                     census: simulated days for the throughput run         default 90
        --census-cancelled X         census (and the national year): share of stay events
                                     registered again in error and cancelled               default 0
        --infections-corrected X     infections (and the national year): share of cases
                                     reported first without their organism, then corrected default 0
        --seed N                     the same seed gives the same region (events end now)  default 42
        --latency-speed X            census: simulated seconds per second, latency run      default 600
        --latency-seconds N          wall-clock length of each latency run                  default 60
        --deviation-hospitals N      deviations: region size                                default 2
        --deviation-days N           deviations: simulated days for the throughput run      default 365
        --deviation-reports N        deviations: reports a year in the region (a region of
                                     270,000 inhabitants reported 14,615 in 2024)          default 14615
        --deviation-latency-speed X  deviations: simulated seconds per second, latency run  default 14400
        --infection-hospitals N      infections: region size                                default 10
        --infection-days N           infections: simulated days for the throughput run      default 365
        --infection-latency-speed X  infections: simulated seconds per second, latency run  default 86400
        --alerting-hospitals N       alerting: region size (its deviation cases are the
                                     input; serious care injuries page)                     default 10
        --alerting-latency-speed X   alerting: simulated seconds per second, latency run    default 86400
        --only JOB                   measure only this job                                  default all four
        --state-backend B            where the jobs keep their state: hashmap (the heap) or
                                     rocksdb (incremental checkpoints, as production)       default hashmap
        --national-days N            instead: the four jobs on a national simulation of N
                                     days (365: the national year; 60 hospitals, ~20,700
                                     beds, 300,000 deviation reports a year), then the
                                     census and alerting latency runs                       default off
        --alert-burden-days N        instead: what the alerts ask of people over N days of
                                     --alerting-hospitals hospitals (365: a year of 10) with
                                     seeded staffing crises, same-day serious care injuries
                                     and outbreaks: pages per shift, night pages, digest
                                     items, time at each level, each seeded event's alert   default off
      """;

  boolean measures(String job) {
    return only.equals("all") || only.equals(job);
  }

  /**
   * The simulated time a latency run covers at {@code speed} in its wall-clock length. Event times
   * end about when the latency run does, as in production; none in the future.
   */
  SimulatedPeriod latencyPeriod(double speed) {
    Duration simulated = Duration.ofMillis((long) (latencyWallTime.toMillis() * speed));
    return new SimulatedPeriod(Instant.now().minus(simulated).plus(latencyWallTime), simulated);
  }

  static BenchmarkOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + ": expected --option value");
      }
      values.put(args[i], args[++i]);
    }
    try {
      BenchmarkOptions options =
          new BenchmarkOptions(
              Integer.parseInt(values.getOrDefault("--hospitals", "20")),
              Double.parseDouble(values.getOrDefault("--days", "90")),
              Long.parseLong(values.getOrDefault("--seed", "42")),
              Double.parseDouble(values.getOrDefault("--latency-speed", "600")),
              Duration.ofSeconds(Long.parseLong(values.getOrDefault("--latency-seconds", "60"))),
              Integer.parseInt(values.getOrDefault("--deviation-hospitals", "2")),
              Double.parseDouble(values.getOrDefault("--deviation-days", "365")),
              Integer.parseInt(values.getOrDefault("--deviation-reports", "14615")),
              Double.parseDouble(values.getOrDefault("--deviation-latency-speed", "14400")),
              Integer.parseInt(values.getOrDefault("--infection-hospitals", "10")),
              Double.parseDouble(values.getOrDefault("--infection-days", "365")),
              Double.parseDouble(values.getOrDefault("--infection-latency-speed", "86400")),
              Integer.parseInt(values.getOrDefault("--alerting-hospitals", "10")),
              Double.parseDouble(values.getOrDefault("--alerting-latency-speed", "86400")),
              values.getOrDefault("--only", "all"),
              Double.parseDouble(values.getOrDefault("--national-days", "0")),
              Double.parseDouble(values.getOrDefault("--alert-burden-days", "0")),
              Double.parseDouble(values.getOrDefault("--census-cancelled", "0")),
              Double.parseDouble(values.getOrDefault("--infections-corrected", "0")),
              values.getOrDefault("--state-backend", "hashmap"));
      values.keySet().stream()
          .filter(k -> !USAGE.contains(k + " "))
          .findFirst()
          .ifPresent(
              k -> {
                throw new IllegalArgumentException("unknown option " + k);
              });
      if (options.hospitals < 1
          || options.deviationHospitals < 1
          || options.deviationReports < 1
          || options.infectionHospitals < 1
          || options.alertingHospitals < 1
          || !(options.alertingLatencySpeed > 0)
          || !(options.days > 0)
          || !(options.deviationDays > 0)
          || !(options.infectionDays > 0)
          || !(options.latencySpeed > 0)
          || !(options.deviationLatencySpeed > 0)
          || !(options.infectionLatencySpeed > 0)
          || options.latencyWallTime.isNegative()
          || options.nationalDays < 0
          || options.alertBurdenDays < 0) {
        throw new IllegalArgumentException("every option must be positive");
      }
      if (!List.of("hashmap", "rocksdb").contains(options.stateBackend)) {
        throw new IllegalArgumentException(
            "--state-backend takes hashmap or rocksdb, not " + options.stateBackend);
      }
      if (!List.of("all", "census", "deviations", "infections", "alerting")
          .contains(options.only)) {
        throw new IllegalArgumentException(
            "--only takes census, deviations, infections or alerting, not " + options.only);
      }
      return options;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + e.getMessage());
    }
  }
}
