package se.sakervard.local.benchmark;

import java.util.List;
import se.sakervard.simulator.SimulatedRegion;

/**
 * A workload's latency run: its jobs on fresh topics fed at a steady pace, the rows of one table
 * timed.
 *
 * @param probe what is timed, and how
 * @param period the simulated time the run's records cover
 * @param inputs the latency run's topics, sent together at {@code speed}
 * @param region the units the latency run's records name, on a unit reference topic of the latency
 *     run's own; null where no job of it reads one
 * @param speed simulated seconds per second
 */
record LatencyRun(
    LatencyProbe probe,
    SimulatedPeriod period,
    List<Input> inputs,
    SimulatedRegion region,
    double speed) {}
