package se.sakervard.local;

import java.time.Duration;
import java.time.Instant;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.simulator.CensusSimulator;
import se.sakervard.simulator.FaultRates;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulatedUnitReferences;
import se.sakervard.simulator.SimulationConfig;

/**
 * Sends a simulated region's census events to the census topic of a broker and exits: the input for
 * jobs running on a cluster of their own. First it publishes the region's unit reference data to
 * the unit reference topic ({@code unit-reference}, compacted; publishing it again changes
 * nothing), by which the jobs place every event. The same arguments send the same records.
 *
 * <pre>
 * java -cp ... se.sakervard.local.FeedCensus BOOTSTRAP START HOURS SPEED [HOSPITALS] [SEED]
 * </pre>
 *
 * START is the simulated start (ISO instant, or "now-Nh": N hours before now), HOURS the simulated
 * hours to send, SPEED simulated seconds per wall-clock second ("max" for as fast as possible). No
 * faults are injected, so that two feeds of the same arguments end in the same census.
 */
public final class FeedCensus {
  private FeedCensus() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: FeedCensus BOOTSTRAP START HOURS SPEED [HOSPITALS] [SEED]");
      System.exit(2);
    }
    Instant start =
        args[1].startsWith("now-")
            ? Instant.now()
                .minus(Duration.ofHours(Long.parseLong(args[1].substring(4, args[1].length() - 1))))
            : Instant.parse(args[1]);
    Duration duration = Duration.ofMinutes(Math.round(Double.parseDouble(args[2]) * 60));
    double speed = args[3].equals("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(args[3]);
    int hospitals = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
    CensusSimulator census =
        new CensusSimulator(
            new SimulationConfig(hospitals, seed, start, duration, FaultRates.none()));
    int units =
        SimulatedUnitReferences.publish(
            args[0], PipelineOptions.TOPIC_UNITS.defaultValue(), census.region());
    System.out.println(
        "published the reference data of "
            + units
            + " units to "
            + PipelineOptions.TOPIC_UNITS.defaultValue());
    try (KafkaFeeder feeder =
        KafkaFeeder.connect(args[0], PipelineOptions.TOPIC_CENSUS.defaultValue())) {
      long sent =
          feeder.feed(
              census,
              speed,
              start,
              p ->
                  System.out.println(
                      "sent "
                          + p.recordsSent()
                          + " up to "
                          + p.simulatedTime()
                          + " in "
                          + p.elapsed()));
      System.out.println(
          "done: " + sent + " census records from " + start + " to " + start.plus(duration));
    }
  }
}
