package se.sakervard.simulator;

import java.util.SplittableRandom;

/**
 * A lognormal length of stay in days: most stays short, a long tail of long ones.
 *
 * @param mean mean in days
 * @param sigma standard deviation of the logarithm; 1.0 puts the median at 60% of the mean
 */
record StayLength(double mean, double sigma) {

  long sampleMillis(SplittableRandom rng) {
    double mu = Math.log(mean) - sigma * sigma / 2;
    return (long) (Math.exp(mu + sigma * rng.nextGaussian()) * CareCalendar.DAY);
  }
}
