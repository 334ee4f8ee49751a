package se.sakervard.simulator;

import java.util.SplittableRandom;

/**
 * A skewed delay in days: most short, a long tail of long ones. Given by its median, since that is
 * what reports on handling times state.
 *
 * @param medianDays half of the delays are shorter
 * @param sigma standard deviation of the logarithm; the 90th percentile is the median × e^(1.28
 *     sigma), e.g. 4.2 times it at sigma 1.12
 */
record LognormalDelay(double medianDays, double sigma) {

  long sampleMillis(SplittableRandom rng) {
    return (long) (medianDays * Math.exp(sigma * rng.nextGaussian()) * CareCalendar.DAY);
  }
}
