package se.sakervard.simulator;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.deviations.DeviationCategory;
import se.sakervard.schemas.deviations.DeviationType;

/**
 * The calibration of deviation cases: what is reported, how it is classified, and how long the
 * steps of its handling take. Each value says where it comes from; "(our choice)" marks a plausible
 * value without a source. The volume, reports per available bed and year, is in {@link
 * DeviationSimulationConfig#DEFAULT_REPORTS_PER_BED_YEAR}.
 */
final class DeviationFlow {
  /**
   * Reports per bed relative to an ordinary ward (our choice): intensive care has the sickest
   * patients and the most devices and medication per bed; psychiatry adds violence and threats. The
   * totals stay at the configured rate per available bed.
   */
  static final double INTENSIVE_CARE_WEIGHT = 2.0;

  static final double PSYCHIATRY_WEIGHT = 1.3;

  /** Near misses (tillbud) among the reports; the rest harmed someone (our choice). */
  static final double NEAR_MISS_SHARE = 0.30;

  /**
   * Categories on somatic units (our choice): care and treatment, medication, information and
   * communication, and falls make up three quarters.
   */
  static final WeightedChoice SOMATIC_CATEGORIES =
      categories(
          Map.of(
              DeviationCategory.FALL, 0.13,
              DeviationCategory.MEDICATION, 0.20,
              DeviationCategory.CARE_AND_TREATMENT, 0.26,
              DeviationCategory.INFORMATION_AND_COMMUNICATION, 0.17,
              DeviationCategory.INFECTION_AND_HYGIENE, 0.04,
              DeviationCategory.MEDICAL_DEVICE, 0.06,
              DeviationCategory.VIOLENCE_OR_THREAT, 0.04,
              DeviationCategory.IDENTITY_MIX_UP, 0.02,
              DeviationCategory.OTHER, 0.08));

  /** Categories on psychiatric units: violence and threats lead (our choice). */
  static final WeightedChoice PSYCHIATRIC_CATEGORIES =
      categories(
          Map.of(
              DeviationCategory.FALL, 0.05,
              DeviationCategory.MEDICATION, 0.15,
              DeviationCategory.CARE_AND_TREATMENT, 0.20,
              DeviationCategory.INFORMATION_AND_COMMUNICATION, 0.12,
              DeviationCategory.INFECTION_AND_HYGIENE, 0.01,
              DeviationCategory.MEDICAL_DEVICE, 0.02,
              DeviationCategory.VIOLENCE_OR_THREAT, 0.30,
              DeviationCategory.IDENTITY_MIX_UP, 0.02,
              DeviationCategory.OTHER, 0.13));

  /**
   * Consequence 1-4 (mindre, måttlig, betydande, katastrofal) of a negative event: most minor (our
   * choice); 10% are 3 or 4.
   */
  static final WeightedChoice NEGATIVE_EVENT_CONSEQUENCE =
      new WeightedChoice(0.60, 0.30, 0.085, 0.015);

  /** The consequence a near miss could have had: 12% 3 or 4 (our choice). */
  static final WeightedChoice NEAR_MISS_CONSEQUENCE = new WeightedChoice(0.50, 0.38, 0.10, 0.02);

  /** Likelihood 1-4 that it happens again: 7% are 4, "almost certain" (our choice). */
  static final WeightedChoice LIKELIHOOD = new WeightedChoice(0.33, 0.38, 0.22, 0.07);

  /** Patient reference given in 90% of negative events and half the near misses (our choice). */
  static final double NEGATIVE_EVENT_PATIENT_SHARE = 0.9;

  static final double NEAR_MISS_PATIENT_SHARE = 0.5;

  /**
   * Cases classified as serious care injury (allvarlig vårdskada): 1.5% (our choice), all negative
   * events of consequence 3 or 4. Lex Maria is only filed for these, so about a third of them are.
   */
  static final double SERIOUS_SHARE = 0.015;

  /** Chance that a negative event of consequence 3 or 4 is a serious care injury: about 21%. */
  static final double SERIOUS_GIVEN_GRAVE_HARM =
      SERIOUS_SHARE
          / ((1 - NEAR_MISS_SHARE)
              * (NEGATIVE_EVENT_CONSEQUENCE.share(2) + NEGATIVE_EVENT_CONSEQUENCE.share(3)));

  /** The same region reported 80 cases to IVO (lex Maria) of 14,615 reports: 0.55%. */
  static final double LEX_MARIA_SHARE = 80.0 / 14_615;

  /** So about 37% of the serious care injuries are filed. */
  static final double LEX_MARIA_GIVEN_SERIOUS = LEX_MARIA_SHARE / SERIOUS_SHARE;

  /**
   * From the deviation to the lex Maria report: IVO's median from event to report was 166 days in
   * 2018; 150 days and a wide spread (10% within 10 weeks, 10% after 11 months) are our choice.
   */
  static final LognormalDelay LEX_MARIA_AFTER_OCCURRENCE = new LognormalDelay(150, 0.6);

  /** A filed case is closed a few days after the filing (our choice). */
  static final LognormalDelay CLOSE_AFTER_LEX_MARIA = new LognormalDelay(5, 0.8);

  /** From report to classification by the unit manager: median 2 days, 96% within a week. */
  static final LognormalDelay CLASSIFICATION = new LognormalDelay(2, 0.7);

  /** Cases classified again later with a changed consequence (our choice). */
  static final double RECLASSIFIED_SHARE = 0.05;

  /**
   * From report to the start of the event analysis (händelseanalys): the routines' deadline is 14
   * days, met in 80% of cases (our choice), so median 7 days and sigma ln 2 / 0.84.
   */
  static final LognormalDelay EVENT_ANALYSIS_START = new LognormalDelay(7, 0.82);

  /** An event analysis takes about a month of interviews and meetings (our choice). */
  static final LognormalDelay EVENT_ANALYSIS_LENGTH = new LognormalDelay(30, 0.5);

  /** From the decided actions to the close of an analysed case (our choice). */
  static final LognormalDelay CLOSE_AFTER_ACTIONS = new LognormalDelay(7, 0.8);

  /**
   * From classification to close of a case without event analysis: skewed, many closed within days,
   * some after months or a year (our choice, set so that all cases together take median about 25
   * days and p90 about 105 days from report to close).
   */
  static final LognormalDelay ORDINARY_HANDLING = new LognormalDelay(18, 1.3);

  /** Cases without event analysis that still get a simpler investigation (our choice). */
  static final double ORDINARY_INVESTIGATION_SHARE = 0.35;

  /** Cases without event analysis that end with decided actions (our choice). */
  static final double ORDINARY_ACTIONS_SHARE = 0.5;

  /** Closed cases reopened, 5-60 days after the close, and closed again 5-30 days later. */
  static final double REOPENED_SHARE = 0.02;

  static final int REOPEN_AFTER_MIN_DAYS = 5;
  static final int REOPEN_AFTER_MAX_DAYS = 60;
  static final int CLOSE_AGAIN_MIN_DAYS = 5;
  static final int CLOSE_AGAIN_MAX_DAYS = 30;

  /** Cases that get a complaint (klagomål), 2-60 days after the report (our choice). */
  static final double COMPLAINT_SHARE = 0.03;

  static final int COMPLAINT_AFTER_MIN_DAYS = 2;
  static final int COMPLAINT_AFTER_MAX_DAYS = 60;

  /** Complaints answered: median 18 days, 75% within 30 (ln(30/18) / 0.76 = 0.67 sigma). */
  static final LognormalDelay COMPLAINT_ANSWER = new LognormalDelay(18, 0.76);

  private DeviationFlow() {}

  /** Units' relative report rate, per available bed; see {@link #INTENSIVE_CARE_WEIGHT}. */
  static double unitWeight(SimulatedUnit unit) {
    double perBed =
        unit.technical()
            ? INTENSIVE_CARE_WEIGHT
            : unit.careType() == CareType.PSYCHIATRIC ? PSYCHIATRY_WEIGHT : 1;
    return unit.baseBeds() * perBed;
  }

  static DeviationType type(SplittableRandom rng) {
    return rng.nextDouble() < NEAR_MISS_SHARE
        ? DeviationType.NEAR_MISS
        : DeviationType.NEGATIVE_EVENT;
  }

  static DeviationCategory category(SimulatedUnit unit, SplittableRandom rng) {
    WeightedChoice categories =
        unit.careType() == CareType.PSYCHIATRIC ? PSYCHIATRIC_CATEGORIES : SOMATIC_CATEGORIES;
    return DeviationCategory.values()[categories.pick(rng)];
  }

  static int consequence(DeviationType type, SplittableRandom rng) {
    WeightedChoice weights =
        type == DeviationType.NEAR_MISS ? NEAR_MISS_CONSEQUENCE : NEGATIVE_EVENT_CONSEQUENCE;
    return 1 + weights.pick(rng);
  }

  static int likelihood(SplittableRandom rng) {
    return 1 + LIKELIHOOD.pick(rng);
  }

  static double patientShare(DeviationType type) {
    return type == DeviationType.NEAR_MISS ? NEAR_MISS_PATIENT_SHARE : NEGATIVE_EVENT_PATIENT_SHARE;
  }

  /**
   * A case needs an event analysis when its risk (consequence × likelihood) is at least 8 or its
   * consequence at least 3 (betydande or katastrofal). With the tables above: 10.6% of cases have
   * consequence 3 or more, and 2.3% consequence 2 at likelihood 4, so about 13%.
   */
  static boolean needsEventAnalysis(int consequence, int likelihood) {
    return consequence >= 3 || consequence * likelihood >= 8;
  }

  /**
   * A consequence one step up or down, within 1-4, as a later reclassification gives. A serious
   * care injury stays one, so its consequence moves between 3 and 4 (our choice).
   */
  static int changedConsequence(int consequence, boolean serious, SplittableRandom rng) {
    if (serious) {
      return consequence == 3 ? 4 : 3;
    } else if (consequence == 1) {
      return 2;
    } else if (consequence == 4) {
      return 3;
    }
    return rng.nextBoolean() ? consequence + 1 : consequence - 1;
  }

  private static WeightedChoice categories(Map<DeviationCategory, Double> weights) {
    return new WeightedChoice(
        Arrays.stream(DeviationCategory.values())
            .mapToDouble(c -> weights.getOrDefault(c, 0.0))
            .toArray());
  }
}
