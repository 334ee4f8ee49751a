package se.sakervard.simulator;

import java.util.SplittableRandom;

/** Picks an index with probability proportional to its weight, in logarithmic time. */
final class WeightedChoice {
  private final double[] cumulative;

  WeightedChoice(double... weights) {
    cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) {
        throw new IllegalArgumentException("negative weight " + weights[i] + " at " + i);
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("weights must not all be zero");
    }
    for (int i = 0; i < weights.length; i++) {
      cumulative[i] /= sum;
    }
  }

  int pick(SplittableRandom rng) {
    double u = rng.nextDouble();
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] > u) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** The probability of this index. */
  double share(int index) {
    return cumulative[index] - (index == 0 ? 0 : cumulative[index - 1]);
  }
}
