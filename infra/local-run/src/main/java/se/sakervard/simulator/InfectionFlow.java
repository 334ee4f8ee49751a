package se.sakervard.simulator;

import static se.sakervard.simulator.CareCalendar.DAY;
import static se.sakervard.simulator.CareCalendar.HOUR;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.infections.InfectionType;
import se.sakervard.schemas.infections.MultiResistantOrganism;

/**
 * The calibration of the infection observations: how many VRI cases of which type and organism, how
 * long they last, the seeded outbreaks, the point-prevalence surveys, the hygiene observations and
 * the multi-resistant findings. Each value says where it comes from: docs/indicators.md,
 * infections, or "(our choice)" for a plausible value without a source.
 *
 * <p>Patient days are the occupied beds of {@link PatientFlow#swedish()}, which the census
 * simulator runs at: 86% of the available beds of a ward or psychiatric unit, 75% in intensive
 * care, with the summer and weekend closures of {@link SimulatedUnit#availableBeds}.
 *
 * <p>Prevalence follows from incidence: a VRI counts on a survey day while it lasts, so the share
 * of inpatients with one is about the incidence density times the mean duration, 9.0 per 1000
 * patient days × 10.2 days ≈ 9.1%. On the survey's Tuesday it comes out a little lower, about 8.9%:
 * five-day wards had fewer patients, so fewer new infections, over the weekends before.
 */
final class InfectionFlow {
  private static final PatientFlow PATIENT_FLOW = PatientFlow.swedish();

  /**
   * New VRI per 1000 patient days, all units together: about the national point prevalence of 8.9%
   * (domain, 2018) divided by the mean {@link #INFECTION_DURATION} of 10.2 days.
   */
  static final double VRI_PER_1000_PATIENT_DAYS = 9.0;

  /**
   * How long a VRI counts as present (from onset to the end of treatment): median 7.2 days, mean
   * 7.2 × e^(0.83² / 2) ≈ 10.2 days, 10% over 21 days (our choice).
   */
  static final LognormalDelay INFECTION_DURATION = new LognormalDelay(7.2, 0.83);

  /** Longer infections are so rare (0.5%) that cutting them changes nothing; bounds the warm-up. */
  static final long MAX_INFECTION_DURATION = 60 * DAY;

  /**
   * VRI risk per patient day relative to an ordinary ward (our choice): intensive care has the
   * devices (ventilators, central lines, catheters) and about three times the prevalence;
   * psychiatric patients have few procedures. The total stays at {@link
   * #VRI_PER_1000_PATIENT_DAYS}.
   */
  static final double INTENSIVE_CARE_RISK = 3.0;

  static final double PSYCHIATRY_RISK = 0.2;

  /** C. difficile: 9.8 per 10,000 patient days (domain). */
  static final double C_DIFFICILE_PER_1000_PATIENT_DAYS = 0.98;

  /**
   * The mix of infection types over a year (our choice, after the usual order of point-prevalence
   * surveys: urinary tract, pneumonia and wounds first), but C. difficile at its domain rate.
   */
  private static final Map<InfectionType, Double> TYPE_SHARES =
      new EnumMap<>(
          Map.of(
              InfectionType.URINARY_TRACT, 0.25,
              InfectionType.PNEUMONIA, 0.20,
              InfectionType.POSTOPERATIVE_WOUND, 0.16,
              InfectionType.BLOODSTREAM, 0.10,
              InfectionType.CLOSTRIDIOIDES_DIFFICILE,
                  C_DIFFICILE_PER_1000_PATIENT_DAYS / VRI_PER_1000_PATIENT_DAYS,
              InfectionType.GASTROENTERITIS, 0.07));

  /**
   * Gastroenteritis follows the calici/norovirus season (our choice): half as common again from
   * November to April, half as common from May to October, so about as common over a year.
   */
  static final double WINTER_GASTROENTERITIS = 1.5;

  static final double SUMMER_GASTROENTERITIS = 0.5;

  private static final WeightedChoice WINTER_TYPES = types(WINTER_GASTROENTERITIS);
  private static final WeightedChoice SUMMER_TYPES = types(SUMMER_GASTROENTERITIS);

  /**
   * From onset to confirmation (the case's event time): a culture or PCR result, median a day, 10%
   * within 9 hours, 10% after 2.8 days (our choice), at least 2 hours and at most a week.
   */
  static final LognormalDelay LAB_DELAY = new LognormalDelay(1.0, 0.8);

  static final long MIN_LAB_DELAY = 2 * HOUR;
  static final long MAX_LAB_DELAY = 7 * DAY;

  /**
   * Organisms by infection type (our choice, after the usual agents of each): many species, the
   * most common a quarter to a third of its type, so that two sporadic cases of one unit rarely
   * share one; unknown (null) where no agent is found, most often in pneumonia.
   */
  private static final Map<InfectionType, Organisms> ORGANISMS =
      new EnumMap<>(
          Map.of(
              InfectionType.URINARY_TRACT,
              new Organisms(
                  0.15,
                  "Escherichia coli: 28",
                  "Enterococcus faecalis: 14",
                  "Klebsiella pneumoniae: 11",
                  "Pseudomonas aeruginosa: 9",
                  "Proteus mirabilis: 7",
                  "Candida albicans: 6",
                  "Enterococcus faecium: 5",
                  "Enterobacter cloacae: 5",
                  "Klebsiella oxytoca: 4",
                  "Citrobacter koseri: 3",
                  "Staphylococcus aureus: 3",
                  "Morganella morganii: 2",
                  "Serratia marcescens: 2",
                  "Candida glabrata: 1"),
              InfectionType.BLOODSTREAM,
              new Organisms(
                  0.05,
                  "Staphylococcus aureus: 20",
                  "Staphylococcus epidermidis: 16",
                  "Escherichia coli: 15",
                  "Enterococcus faecalis: 8",
                  "Klebsiella pneumoniae: 8",
                  "Enterococcus faecium: 6",
                  "Candida albicans: 6",
                  "Pseudomonas aeruginosa: 5",
                  "Enterobacter cloacae: 4",
                  "Staphylococcus capitis: 3",
                  "Candida glabrata: 3",
                  "Serratia marcescens: 2",
                  "Staphylococcus haemolyticus: 2",
                  "Streptococcus mitis: 2"),
              InfectionType.POSTOPERATIVE_WOUND,
              new Organisms(
                  0.15,
                  "Staphylococcus aureus: 32",
                  "Staphylococcus epidermidis: 10",
                  "Escherichia coli: 10",
                  "Enterococcus faecalis: 10",
                  "Pseudomonas aeruginosa: 8",
                  "Cutibacterium acnes: 5",
                  "Bacteroides fragilis: 5",
                  "Klebsiella pneumoniae: 5",
                  "Enterobacter cloacae: 5",
                  "Streptococcus pyogenes: 4",
                  "Streptococcus dysgalactiae: 3",
                  "Proteus mirabilis: 3"),
              InfectionType.PNEUMONIA,
              new Organisms(
                  0.40,
                  "Staphylococcus aureus: 15",
                  "Streptococcus pneumoniae: 12",
                  "Haemophilus influenzae: 12",
                  "Pseudomonas aeruginosa: 10",
                  "Influenza A virus: 10",
                  "SARS-CoV-2: 10",
                  "Klebsiella pneumoniae: 8",
                  "Escherichia coli: 8",
                  "Respiratory syncytial virus: 6",
                  "Moraxella catarrhalis: 4",
                  "Stenotrophomonas maltophilia: 3",
                  "Serratia marcescens: 2"),
              InfectionType.CLOSTRIDIOIDES_DIFFICILE,
              new Organisms(0, "Clostridioides difficile: 1"),
              InfectionType.OTHER,
              new Organisms(
                  0.35,
                  "Staphylococcus aureus: 10",
                  "Candida albicans: 8",
                  "Influenza A virus: 8",
                  "SARS-CoV-2: 8",
                  "Escherichia coli: 6",
                  "Streptococcus pyogenes: 5",
                  "Herpes simplex virus: 5",
                  "Pseudomonas aeruginosa: 5",
                  "Respiratory syncytial virus: 4",
                  "Enterococcus faecium: 4",
                  "Varicella-zoster virus: 3")));

  /** Gastroenteritis from November to April: mostly calici/norovirus (our choice). */
  private static final Organisms WINTER_GASTROENTERITIS_ORGANISMS =
      new Organisms(
          0.12,
          "Norovirus: 70",
          "Calicivirus: 10",
          "Rotavirus: 4",
          "Adenovirus: 3",
          "Astrovirus: 2");

  /** Gastroenteritis from May to October: fewer noroviruses, more without a known agent. */
  private static final Organisms SUMMER_GASTROENTERITIS_ORGANISMS =
      new Organisms(
          0.45,
          "Norovirus: 30",
          "Calicivirus: 5",
          "Rotavirus: 6",
          "Adenovirus: 5",
          "Astrovirus: 4");

  /**
   * What a seeded outbreak is of (our choice): in winter mostly norovirus, then influenza and C.
   * difficile; in summer C. difficile, SARS-CoV-2 and resistant or hospital bacteria.
   */
  static final OutbreakKind[] OUTBREAK_KINDS = {
    new OutbreakKind("Norovirus", InfectionType.GASTROENTERITIS, 0.50, 0.15),
    new OutbreakKind(
        "Clostridioides difficile", InfectionType.CLOSTRIDIOIDES_DIFFICILE, 0.12, 0.25),
    new OutbreakKind("Influenza A virus", InfectionType.OTHER, 0.12, 0.02),
    new OutbreakKind("SARS-CoV-2", InfectionType.OTHER, 0.10, 0.20),
    new OutbreakKind("Respiratory syncytial virus", InfectionType.OTHER, 0.06, 0.02),
    new OutbreakKind("Staphylococcus aureus", InfectionType.POSTOPERATIVE_WOUND, 0.04, 0.12),
    new OutbreakKind("Klebsiella pneumoniae", InfectionType.URINARY_TRACT, 0.03, 0.12),
    new OutbreakKind("Serratia marcescens", InfectionType.BLOODSTREAM, 0.03, 0.12)
  };

  private static final WeightedChoice WINTER_OUTBREAKS =
      new WeightedChoice(Arrays.stream(OUTBREAK_KINDS).mapToDouble(OutbreakKind::winter).toArray());
  private static final WeightedChoice SUMMER_OUTBREAKS =
      new WeightedChoice(Arrays.stream(OUTBREAK_KINDS).mapToDouble(OutbreakKind::summer).toArray());

  /** An outbreak has 3-8 cases, uniformly (our choice). */
  static final int MIN_OUTBREAK_CASES = 3;

  static final int MAX_OUTBREAK_CASES = 8;

  /**
   * The cluster windows (domain): two cases of one organism on one unit within 14 days, within 72
   * hours for calici/norovirus.
   */
  static final long DETECTION_WINDOW = 14 * DAY;

  static final long FAST_DETECTION_WINDOW = 72 * HOUR;

  /**
   * From one outbreak case's onset to the next (our choice): norovirus spreads within 1-60 hours,
   * the others within 12 hours to 12 days; both well inside their detection window.
   */
  static final long MIN_FAST_GAP = HOUR;

  static final long MAX_FAST_GAP = 60 * HOUR;
  static final long MIN_GAP = 12 * HOUR;
  static final long MAX_GAP = 12 * DAY;

  /**
   * Point-prevalence surveys (PPM-VRI) twice a year (domain), on the second Tuesday of March and of
   * October (our choice). Each unit is surveyed in one round starting between 08:00 and 15:00, a
   * patient every 1-4 minutes (our choice).
   */
  static final int SURVEY_OPENS = 8;

  static final int SURVEY_LAST_ROUND_STARTS = 15;
  static final long MIN_SURVEY_GAP = 60_000L;
  static final long MAX_SURVEY_GAP = 4 * 60_000L;

  /**
   * Hygiene observations (PPM-BHK): 10 per unit and month (domain), on weekdays from 08:00 to 16:00
   * (our choice), every unit alike whatever its size.
   */
  static final double OBSERVATIONS_PER_UNIT_MONTH = 10;

  static final int OBSERVATION_OPENS = 8;
  static final int OBSERVATION_CLOSES = 16;

  /** Weekday daytime hours in an average month: 365.25 / 12 days × 5/7 × 8 hours ≈ 174. */
  static final double OBSERVATION_HOURS_PER_MONTH =
      365.25 / 12 * 5 / 7 * (OBSERVATION_CLOSES - OBSERVATION_OPENS);

  /**
   * Observations correct on all 8 steps, on the 4 hygiene steps and on the 4 dress-code steps
   * (domain, regions, spring 2022). Independent steps would give all = hygiene × dress ≈ 77.7%, but
   * 79.1% is more: staff careful with one are careful with the other. So the model draws which of
   * the two groups are all correct from their joint distribution, which these three shares fix:
   * both 79.1%, hygiene only 3.5%, dress only 15.0%, neither 2.4%. Then it draws which steps of a
   * failed group are wrong.
   */
  static final double ALL_STEPS_CORRECT = 0.791;

  static final double HYGIENE_STEPS_CORRECT = 0.826;
  static final double DRESS_STEPS_CORRECT = 0.941;

  private static final double ONLY_DRESS_CORRECT = DRESS_STEPS_CORRECT - ALL_STEPS_CORRECT;

  /**
   * In a failed group, the first wrong step (our choice): disinfection before patient contact is
   * the step most often missed, jewellery (rings, watches) the commonest dress-code fault. Each
   * other step of the group is then wrong too at the group's extra-error rate.
   */
  private static final WeightedChoice FIRST_HYGIENE_ERROR =
      new WeightedChoice(0.45, 0.20, 0.20, 0.15);

  private static final WeightedChoice FIRST_DRESS_ERROR =
      new WeightedChoice(0.15, 0.40, 0.25, 0.20);
  static final double EXTRA_HYGIENE_ERROR = 0.15;
  static final double EXTRA_DRESS_ERROR = 0.10;

  /** The first dress-code step in {@code HygieneStep} order; the hygiene steps come before it. */
  static final int FIRST_DRESS_STEP = 4;

  static final int STEPS = 8;

  /**
   * Multi-resistant findings per 1000 patient days, in {@link MultiResistantOrganism} order: MRSA
   * 0.15, ESBL 0.50, VRE 0.03, other (e.g. carbapenemase producers) 0.02 (our choice: ESBL the most
   * common, VRE rare, in the order of Swedish notifications of a few thousand ESBL, a few thousand
   * MRSA of which fewer in hospital, and a few hundred VRE a year).
   */
  static final double[] FINDINGS_PER_1000_PATIENT_DAYS = {0.15, 0.50, 0.03, 0.02};

  private static final WeightedChoice FINDING_ORGANISMS =
      new WeightedChoice(FINDINGS_PER_1000_PATIENT_DAYS);

  static final double FINDINGS_PER_PATIENT_DAY =
      Arrays.stream(FINDINGS_PER_1000_PATIENT_DAYS).sum() / 1000;

  private InfectionFlow() {}

  /** The occupied share of a unit's available beds, as {@link PatientFlow#swedish()} runs it. */
  static double occupancy(SimulatedUnit unit) {
    return unit.technical() ? PATIENT_FLOW.intensiveCareOccupancy() : PATIENT_FLOW.occupancy();
  }

  /** Patients in the unit's beds in a staffing period: patient days per day. */
  static double occupiedBeds(SimulatedUnit unit, boolean summer, boolean weekendClosure) {
    return unit.availableBeds(summer, weekendClosure) * occupancy(unit);
  }

  /** The unit's VRI risk per patient day relative to an ordinary ward. */
  static double risk(SimulatedUnit unit) {
    if (unit.technical()) {
      return INTENSIVE_CARE_RISK;
    }
    return unit.careType() == CareType.PSYCHIATRIC ? PSYCHIATRY_RISK : 1;
  }

  /** November to April: the calici/norovirus season. */
  static boolean winter(LocalDate day) {
    Month month = day.getMonth();
    return month.compareTo(Month.NOVEMBER) >= 0 || month.compareTo(Month.APRIL) <= 0;
  }

  /** The season's VRI rate relative to the year's: gastroenteritis comes and goes. */
  static double seasonFactor(boolean winter) {
    double gastroenteritis = TYPE_SHARES.get(InfectionType.GASTROENTERITIS);
    double factor = winter ? WINTER_GASTROENTERITIS : SUMMER_GASTROENTERITIS;
    return 1 + gastroenteritis * (factor - 1);
  }

  /**
   * The type of a new VRI. A psychiatric unit has no operations: a post-operative wound drawn there
   * is some other infection.
   */
  static InfectionType type(boolean winter, SimulatedUnit unit, SplittableRandom rng) {
    InfectionType type = InfectionType.values()[(winter ? WINTER_TYPES : SUMMER_TYPES).pick(rng)];
    if (type == InfectionType.POSTOPERATIVE_WOUND && unit.careType() == CareType.PSYCHIATRIC) {
      return InfectionType.OTHER;
    }
    return type;
  }

  /** The organism of a sporadic VRI of this type, or null when unknown. */
  static String organism(InfectionType type, boolean winter, SplittableRandom rng) {
    return organisms(type, winter).pick(rng);
  }

  private static Organisms organisms(InfectionType type, boolean winter) {
    if (type == InfectionType.GASTROENTERITIS) {
      return winter ? WINTER_GASTROENTERITIS_ORGANISMS : SUMMER_GASTROENTERITIS_ORGANISMS;
    }
    return ORGANISMS.get(type);
  }

  /**
   * A kind of sporadic VRI and its share of a unit's new VRI in the season: the ground truth
   * against which chance coincidences of cases are judged.
   *
   * @param organism null when unknown
   */
  record SporadicKind(InfectionType type, String organism, double share) {}

  /**
   * The kinds of sporadic VRI on the unit in the season, as {@link #type} and {@link #organism}
   * draw them.
   */
  static List<SporadicKind> sporadicKinds(boolean winter, SimulatedUnit unit) {
    WeightedChoice types = winter ? WINTER_TYPES : SUMMER_TYPES;
    Map<InfectionType, Double> typeShares = new EnumMap<>(InfectionType.class);
    for (InfectionType drawn : InfectionType.values()) {
      InfectionType type =
          drawn == InfectionType.POSTOPERATIVE_WOUND && unit.careType() == CareType.PSYCHIATRIC
              ? InfectionType.OTHER
              : drawn;
      typeShares.merge(type, types.share(drawn.ordinal()), Double::sum);
    }
    List<SporadicKind> kinds = new ArrayList<>();
    typeShares.forEach(
        (type, typeShare) ->
            organisms(type, winter)
                .forEachShare(
                    (organism, share) ->
                        kinds.add(new SporadicKind(type, organism, typeShare * share))));
    return kinds;
  }

  static long labDelay(SplittableRandom rng) {
    return Math.min(MAX_LAB_DELAY, Math.max(MIN_LAB_DELAY, LAB_DELAY.sampleMillis(rng)));
  }

  static long infectionDuration(SplittableRandom rng) {
    return Math.min(MAX_INFECTION_DURATION, Math.max(HOUR, INFECTION_DURATION.sampleMillis(rng)));
  }

  static OutbreakKind outbreakKind(boolean winter, SplittableRandom rng) {
    return OUTBREAK_KINDS[(winter ? WINTER_OUTBREAKS : SUMMER_OUTBREAKS).pick(rng)];
  }

  static int outbreakCases(SplittableRandom rng) {
    return MIN_OUTBREAK_CASES + rng.nextInt(MAX_OUTBREAK_CASES - MIN_OUTBREAK_CASES + 1);
  }

  /** Calici- and noroviruses spread within hours, so their clusters use the 72-hour window. */
  static boolean spreadsFast(String organism) {
    return organism != null && (organism.contains("Norovirus") || organism.contains("Calicivirus"));
  }

  /** The detection window of an organism, in milliseconds. */
  static long detectionWindow(String organism) {
    return spreadsFast(organism) ? FAST_DETECTION_WINDOW : DETECTION_WINDOW;
  }

  /** From one outbreak case's onset to the next one's. */
  static long outbreakGap(String organism, SplittableRandom rng) {
    return spreadsFast(organism)
        ? MIN_FAST_GAP + rng.nextLong(MAX_FAST_GAP - MIN_FAST_GAP)
        : MIN_GAP + rng.nextLong(MAX_GAP - MIN_GAP);
  }

  /** The spring and autumn survey days: the second Tuesday of March and of October. */
  static boolean surveyDay(LocalDate day) {
    return (day.getMonth() == Month.MARCH || day.getMonth() == Month.OCTOBER)
        && day.equals(day.with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.TUESDAY)));
  }

  /** Whether each of the 8 steps of an observation is correct, in {@code HygieneStep} order. */
  static boolean[] hygieneResults(SplittableRandom rng) {
    double u = rng.nextDouble();
    boolean hygieneCorrect = u < HYGIENE_STEPS_CORRECT;
    boolean dressCorrect =
        u < ALL_STEPS_CORRECT
            || (u >= HYGIENE_STEPS_CORRECT && u < HYGIENE_STEPS_CORRECT + ONLY_DRESS_CORRECT);
    boolean[] correct = new boolean[STEPS];
    Arrays.fill(correct, true);
    if (!hygieneCorrect) {
      fail(correct, 0, FIRST_HYGIENE_ERROR, EXTRA_HYGIENE_ERROR, rng);
    }
    if (!dressCorrect) {
      fail(correct, FIRST_DRESS_STEP, FIRST_DRESS_ERROR, EXTRA_DRESS_ERROR, rng);
    }
    return correct;
  }

  static MultiResistantOrganism findingOrganism(SplittableRandom rng) {
    return MultiResistantOrganism.values()[FINDING_ORGANISMS.pick(rng)];
  }

  private static void fail(
      boolean[] correct, int from, WeightedChoice first, double extra, SplittableRandom rng) {
    int wrong = first.pick(rng);
    for (int i = 0; i < STEPS - FIRST_DRESS_STEP; i++) {
      correct[from + i] = i != wrong && rng.nextDouble() >= extra;
    }
  }

  private static WeightedChoice types(double gastroenteritisFactor) {
    double known = TYPE_SHARES.values().stream().mapToDouble(Double::doubleValue).sum();
    return new WeightedChoice(
        Arrays.stream(InfectionType.values())
            .mapToDouble(
                t ->
                    switch (t) {
                      case OTHER -> 1 - known;
                      case GASTROENTERITIS -> TYPE_SHARES.get(t) * gastroenteritisFactor;
                      default -> TYPE_SHARES.get(t);
                    })
            .toArray());
  }

  /**
   * What a seeded outbreak is of.
   *
   * @param winter its weight from November to April
   * @param summer its weight from May to October
   */
  record OutbreakKind(String organism, InfectionType type, double winter, double summer) {}

  /** Organisms and how often each is found; null stands for an unknown organism. */
  private static final class Organisms {
    private final String[] names;
    private final WeightedChoice choice;

    /**
     * @param unknown share of cases without a known organism
     * @param weighted each organism's name and relative weight, e.g. {@code "Escherichia coli: 28"}
     */
    Organisms(double unknown, String... weighted) {
      names = new String[weighted.length + 1];
      double[] weights = new double[weighted.length + 1];
      double sum = 0;
      for (int i = 0; i < weighted.length; i++) {
        int colon = weighted[i].lastIndexOf(':');
        names[i] = weighted[i].substring(0, colon);
        weights[i] = Double.parseDouble(weighted[i].substring(colon + 1).trim());
        sum += weights[i];
      }
      for (int i = 0; i < weighted.length; i++) {
        weights[i] *= (1 - unknown) / sum;
      }
      weights[weighted.length] = unknown;
      choice = new WeightedChoice(weights);
    }

    String pick(SplittableRandom rng) {
      return names[choice.pick(rng)];
    }

    /** Each organism (null: unknown) with its share. */
    void forEachShare(BiConsumer<String, Double> action) {
      for (int i = 0; i < names.length; i++) {
        action.accept(names[i], choice.share(i));
      }
    }
  }
}
