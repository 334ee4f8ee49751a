package se.sakervard.alerting.level;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The thresholds of levels 2, 3 and 4 for every input, and how many hygiene observations a
 * compliance figure needs before it is judged (a percentage of 3 observations moves by 33 points
 * with one observation and must not raise a level). Configurable, since no national levels exist
 * (docs/indicators.md, bed census, §4); the defaults keep a typical Swedish ward (86-90% occupancy,
 * about 3 overcrowded per 100 beds) at level 1, because alarm fatigue is the failure mode
 * (docs/alerting.md).
 *
 * <p>Units and hospitals have their own sets ({@link #unitDefaults()}, {@link #UNIT_PREFIX}): a
 * rate of a 20-bed ward moves by 5 per 100 beds with one patient, and a hospital's counts add up
 * over its units.
 */
public record LevelThresholds(
    Steps occupancy,
    Steps overcrowding,
    Steps outlying,
    Steps seriousCareInjuries7Days,
    Steps activeClusters,
    Steps hygieneCompliance,
    int hygieneMinObservations,
    int hygieneFirmObservations,
    java.time.Duration hygieneMaxAge)
    implements Serializable {

  /**
   * One input's thresholds for levels 2, 3 and 4: ascending for higher-is-worse inputs, descending
   * for hygiene compliance.
   */
  public record Steps(double level2, double level3, double level4) implements Serializable {

    /** The threshold of level 2, 3 or 4. */
    public double at(int level) {
      return switch (level) {
        case 2 -> level2;
        case 3 -> level3;
        case 4 -> level4;
        default ->
            throw new IllegalArgumentException("thresholds exist for levels 2-4; was " + level);
      };
    }

    /** As configured: "92.5,100,114". */
    @Override
    public String toString() {
      return plain(level2) + "," + plain(level3) + "," + plain(level4);
    }
  }

  /**
   * Occupancy, percent. 92.5: above it 1 in 7 deaths among exposed patients was attributable to
   * occupancy (83 German hospitals, 2014; docs/indicators.md, bed census); the often cited 85%
   * (weak evidence) would keep a typical ward at 86-90% strained all the time. 100: every available
   * bed is taken, the next admission is overcrowded or outlying (our choice). 114: above 100%
   * occupancy is overcrowding (occupancy − 100 ≤ overcrowded per 100 available beds), so its
   * level-4 step is overcrowding's 14; at 110 a hospital with 10 overcrowded per 100 beds, level 3
   * by overcrowding, was level 4 by occupancy, and on a simulated year occupancy kept hospitals
   * critical 358 hours.
   */
  public static final Steps DEFAULT_OCCUPANCY = new Steps(92.5, 100, 114);

  /**
   * Overcrowding per 100 available beds. 5: the national figure of 2019, the highest of the cited
   * national 3.5 (H1 2016) to 5.0 (docs/indicators.md, bed census: skr.se, lakartidningen.se,
   * vantetider.se), so a typical 3 is level 1. 10: twice that (our choice). 14: hospital peaks
   * above 14 (same sources).
   */
  public static final Steps DEFAULT_OVERCROWDING = new Steps(5, 10, 14);

  /**
   * Outlying patients per 100 available beds. 5, 10 and 15: about 2, 4.5 and 7 times the national ≈
   * 2.2 per 100 (Sep 2018; docs/indicators.md, bed census), for which no level is cited (our
   * choice).
   */
  public static final Steps DEFAULT_OUTLYING = new Steps(5, 10, 15);

  /**
   * Serious care injuries (allvarlig vårdskada) classified in the last 7 days, count; a hospital's
   * are its units'. 6, 9 and 12 (our choice): the simulator's 1.5% of reports make about 3.5 a week
   * for a 430-bed hospital, so by chance a week reaches 6 about 14% of the time, 9 about 1% and 12
   * almost never. Not the open ones: a case stays open for months while it is investigated (IVO's
   * median from event to lex Maria report was 166 days, docs/indicators.md, deviations), so the
   * open count grows with the investigations' length, not with today's strain (8 open at one
   * simulated hospital after 14 days, level 4 on the former 2 / 3 / 5, and still growing).
   */
  public static final Steps DEFAULT_SERIOUS_CARE_INJURIES_7_DAYS = new Steps(6, 9, 12);

  /**
   * Open infection clusters of a hospital (its units' together), count. 8, 11 and 14 (our choice,
   * measured): the domain's rule (two cases of one organism on a unit within 14 days, 72 h for
   * norovirus; docs/indicators.md, infections) also fires on chance pairs, 5.4 per unit-year at the
   * published VRI rates, so a hospital of about 19 units has some 4 clusters open at any time, more
   * in winter. On a simulated year of 10 hospitals with seeded outbreaks these thresholds keep a
   * hospital at level 2 / 3 / 4 on clusters alone 12.2 / 2.1 / 0.1% of the time; the former 1 / 2 /
   * 3 kept it at level 4 for 76% ({@code OutbreakDetectionTest}). Units: 1, 2, 3 ({@link
   * #unitDefaults()}).
   */
  public static final Steps DEFAULT_ACTIVE_CLUSTERS = new Steps(8, 11, 14);

  /**
   * Hygiene compliance, percent of observations correct on all steps; lower is worse. Below 80: one
   * region requires an action plan below 80% (docs/indicators.md, infections; regions averaged
   * 79.1%, spring 2022). Below 70 and below 60: our choice. 8 of 10 observations (80%) is not below
   * 80 and is level 1. A level-4 threshold of 0 (nothing is below 0%) keeps hygiene alone from
   * making a place critical.
   */
  public static final Steps DEFAULT_HYGIENE_COMPLIANCE = new Steps(80, 70, 60);

  /** Typical sampling is 10 observations per unit and month (docs/indicators.md, infections). */
  public static final int DEFAULT_HYGIENE_MIN_OBSERVATIONS = 10;

  /**
   * Below this many observations a hygiene compliance raises a level to 2 at most (our choice): 5
   * of 10 correct has a 95% interval of about 19-81%, so a month's sampling of one unit is a signal
   * to look, not proof of a crisis. Three months' sampling of a unit, or a hospital's units
   * together, are judged in full.
   */
  public static final int DEFAULT_HYGIENE_FIRM_OBSERVATIONS = 30;

  /**
   * A hygiene compliance whose as-of lies further back than this from the level's own raises it to
   * 2 at most (our choice): the infection job publishes it for every closed day, so a figure two
   * days old means its input lags (a replay paged a hospital on a figure two weeks old).
   */
  public static final java.time.Duration DEFAULT_HYGIENE_MAX_AGE = java.time.Duration.ofDays(2);

  /** The configuration keys of the firm count and the maximum age. */
  public static final String HYGIENE_FIRM_OBSERVATIONS_KEY = "level.hygiene-firm-observations";

  public static final String HYGIENE_MAX_AGE_KEY = "level.hygiene-max-age";

  /** With the default firm count and maximum age of hygiene compliance. */
  public LevelThresholds(
      Steps occupancy,
      Steps overcrowding,
      Steps outlying,
      Steps seriousCareInjuries7Days,
      Steps activeClusters,
      Steps hygieneCompliance,
      int hygieneMinObservations) {
    this(
        occupancy,
        overcrowding,
        outlying,
        seriousCareInjuries7Days,
        activeClusters,
        hygieneCompliance,
        hygieneMinObservations,
        Math.max(hygieneMinObservations, DEFAULT_HYGIENE_FIRM_OBSERVATIONS),
        DEFAULT_HYGIENE_MAX_AGE);
  }

  /** The configuration key of {@link #hygieneMinObservations}. */
  public static final String HYGIENE_MIN_OBSERVATIONS_KEY = "level.hygiene-min-observations";

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  /** Checks every input's thresholds as {@link #from} does, naming its configuration key. */
  public LevelThresholds {
    check(LevelInput.OCCUPANCY, occupancy);
    check(LevelInput.OVERCROWDING, overcrowding);
    check(LevelInput.OUTLYING, outlying);
    check(LevelInput.SERIOUS_CARE_INJURIES_7_DAYS, seriousCareInjuries7Days);
    check(LevelInput.ACTIVE_CLUSTERS, activeClusters);
    check(LevelInput.HYGIENE_COMPLIANCE, hygieneCompliance);
    if (hygieneMinObservations < 1) {
      throw new IllegalArgumentException(
          HYGIENE_MIN_OBSERVATIONS_KEY
              + ": must be at least 1; "
              + expectedMinObservations()
              + "; was '"
              + hygieneMinObservations
              + "'");
    }
  }

  public static LevelThresholds defaults() {
    return new LevelThresholds(
        DEFAULT_OCCUPANCY,
        DEFAULT_OVERCROWDING,
        DEFAULT_OUTLYING,
        DEFAULT_SERIOUS_CARE_INJURIES_7_DAYS,
        DEFAULT_ACTIVE_CLUSTERS,
        DEFAULT_HYGIENE_COMPLIANCE,
        DEFAULT_HYGIENE_MIN_OBSERVATIONS);
  }

  /** The prefix of the units' keys: {@code level.unit.occupancy=100,120,130} and the like. */
  public static final String UNIT_PREFIX = "level.unit.";

  /**
   * The units' defaults. On a unit one patient moves a rate per 100 beds by 100 ÷ beds, 5 on a
   * 20-bed ward (the simulated units average 20.5 beds), and the hospital's 5 per 100 is one
   * overcrowded patient, the national average: every ward would be strained most days. The unit
   * steps are two, four and six patients beyond a 20-bed ward's capacity: overcrowding and outlying
   * 10 / 20 / 30 per 100 beds (our choice), occupancy 100 (full) / 120 / 130, the same as
   * overcrowding above 100% (occupancy − 100 is the overcrowded per 100 beds). On 14 simulated days
   * (2 hospitals, 41 units) the two-four-six steps moved the share of unit-hours at level 2 or
   * above from the census inputs from 39% to 26%, at 3 or above from 26% to 9%, at 4 from 9% to
   * 3.9%; occupancy at 110 / 120 still made a unit with 10 overcrowded per 100 beds level 3 (level
   * 2 by overcrowding), and on a simulated year of 10 hospitals occupancy held units at level 3 or
   * 4 for 248,000 unit-hours, overcrowding for 14,000. Serious care injuries: 2 / 3 / 4 in 7 days
   * (a unit averages 0.17 a week in the simulator). Open clusters: 1 / 2 / 3, one possible outbreak
   * already strains a unit (chance clusters alone keep a unit at level 2 / 3 / 4 for 17.9 / 2.4 /
   * 0.2% of a simulated year). Hygiene as for hospitals.
   */
  public static LevelThresholds unitDefaults() {
    return new LevelThresholds(
        new Steps(100, 120, 130),
        new Steps(10, 20, 30),
        new Steps(10, 20, 30),
        new Steps(2, 3, 4),
        new Steps(1, 2, 3),
        DEFAULT_HYGIENE_COMPLIANCE,
        DEFAULT_HYGIENE_MIN_OBSERVATIONS);
  }

  /**
   * Reads the hospitals' thresholds: {@code level.occupancy=92.5,100,114} and the like (keys in
   * {@link LevelInput#configKey()}) and {@code level.hygiene-min-observations=10}; a missing key
   * takes its default. The units' keys ({@link #UNIT_PREFIX}) and other keys are ignored.
   *
   * @throws IllegalArgumentException naming the key, what is wrong and what is expected
   */
  public static LevelThresholds from(Map<String, String> config) {
    return from(config, defaults());
  }

  /** Reads the units' thresholds, {@code level.unit.*}, as {@link #from} the hospitals'. */
  public static LevelThresholds unitsFrom(Map<String, String> config) {
    Map<String, String> asHospital = new HashMap<>();
    config.forEach(
        (k, v) -> {
          if (k.startsWith(UNIT_PREFIX)) {
            asHospital.put("level." + k.substring(UNIT_PREFIX.length()), v);
          }
        });
    try {
      return from(asHospital, unitDefaults());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("level.", UNIT_PREFIX), e);
    }
  }

  private static LevelThresholds from(Map<String, String> config, LevelThresholds base) {
    // A misspelt key would silently leave its default in force.
    for (String key : config.keySet()) {
      if (key.startsWith("level.")
          && !key.startsWith(UNIT_PREFIX)
          && !key.equals(HYGIENE_MIN_OBSERVATIONS_KEY)
          && !key.equals(HYGIENE_FIRM_OBSERVATIONS_KEY)
          && !key.equals(HYGIENE_MAX_AGE_KEY)
          && !key.equals(HospitalUnitsLevel.SHARE_KEY)
          && Arrays.stream(LevelInput.values()).noneMatch(i -> i.configKey().equals(key))) {
        throw new IllegalArgumentException(
            key
                + ": unknown key; the level thresholds are "
                + Arrays.stream(LevelInput.values()).map(LevelInput::configKey).toList()
                + ", "
                + HYGIENE_MIN_OBSERVATIONS_KEY
                + ", "
                + HYGIENE_FIRM_OBSERVATIONS_KEY
                + " and "
                + HYGIENE_MAX_AGE_KEY);
      }
    }
    String min = config.get(HYGIENE_MIN_OBSERVATIONS_KEY);
    String firm = config.get(HYGIENE_FIRM_OBSERVATIONS_KEY);
    String maxAge = config.get(HYGIENE_MAX_AGE_KEY);
    return new LevelThresholds(
        parse(LevelInput.OCCUPANCY, config, base),
        parse(LevelInput.OVERCROWDING, config, base),
        parse(LevelInput.OUTLYING, config, base),
        parse(LevelInput.SERIOUS_CARE_INJURIES_7_DAYS, config, base),
        parse(LevelInput.ACTIVE_CLUSTERS, config, base),
        parse(LevelInput.HYGIENE_COMPLIANCE, config, base),
        min == null ? base.hygieneMinObservations() : parseMinObservations(min),
        firm == null ? base.hygieneFirmObservations() : parseMinObservations(firm),
        maxAge == null ? base.hygieneMaxAge() : parseMaxAge(maxAge));
  }

  private static java.time.Duration parseMaxAge(String raw) {
    try {
      java.time.Duration d = org.apache.flink.util.TimeUtils.parseDuration(raw.trim());
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        HYGIENE_MAX_AGE_KEY
            + ": expected a positive duration such as 2 d or 36 h, was '"
            + raw
            + "'");
  }

  /** The thresholds of one input. */
  public Steps steps(LevelInput input) {
    return switch (input) {
      case OCCUPANCY -> occupancy;
      case OVERCROWDING -> overcrowding;
      case OUTLYING -> outlying;
      case SERIOUS_CARE_INJURIES_7_DAYS -> seriousCareInjuries7Days;
      case ACTIVE_CLUSTERS -> activeClusters;
      case HYGIENE_COMPLIANCE -> hygieneCompliance;
    };
  }

  private static Steps parse(LevelInput input, Map<String, String> config, LevelThresholds base) {
    String raw = config.get(input.configKey());
    if (raw == null) {
      return base.steps(input);
    }
    String[] parts = raw.split(",", -1);
    if (parts.length != 3) {
      throw invalid(
          input, parts.length + (parts.length == 1 ? " value" : " values") + ", not 3", raw);
    }
    double[] t = new double[3];
    for (int i = 0; i < 3; i++) {
      String p = parts[i].trim();
      if (!NUMBER.matcher(p).matches()) {
        throw invalid(input, "'" + p + "' is not a number", raw);
      }
      t[i] = Double.parseDouble(p);
    }
    Steps s = new Steps(t[0], t[1], t[2]);
    check(input, s, raw);
    return s;
  }

  private static void check(LevelInput input, Steps s) {
    if (s == null) {
      throw new IllegalArgumentException(input.configKey() + ": missing; " + expected(input));
    }
    check(input, s, s.toString());
  }

  /** Range, whole numbers for counts, and strict order in the input's direction. */
  private static void check(LevelInput input, Steps s, String was) {
    double[] t = {s.level2(), s.level3(), s.level4()};
    for (double v : t) {
      String p = plain(v);
      if (!Double.isFinite(v)) {
        throw invalid(input, p + " is not a number", was);
      }
      if (input.unit() == LevelInput.Unit.COUNT && (v != Math.rint(v) || v < 1)) {
        throw invalid(input, p + " is not a whole number ≥ 1", was);
      }
      if (input.direction() == LevelInput.Direction.LOWER_IS_WORSE && (v < 0 || v > 100)) {
        throw invalid(input, p + " is not a percentage from 0 to 100", was);
      }
      if (input.direction() == LevelInput.Direction.HIGHER_IS_WORSE && v <= 0) {
        throw invalid(input, p + " is not above 0 (every place would reach it)", was);
      }
    }
    boolean ascending = t[0] < t[1] && t[1] < t[2];
    boolean descending = t[0] > t[1] && t[1] > t[2];
    if (input.direction() == LevelInput.Direction.HIGHER_IS_WORSE && !ascending) {
      throw invalid(input, "not ascending", was);
    }
    if (input.direction() == LevelInput.Direction.LOWER_IS_WORSE && !descending) {
      throw invalid(input, "not descending", was);
    }
  }

  private static int parseMinObservations(String raw) {
    String p = raw.trim();
    int n;
    try {
      n = p.matches("\\d+") ? Integer.parseInt(p) : -1;
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          HYGIENE_MIN_OBSERVATIONS_KEY
              + ": not a whole number ≥ 1; "
              + expectedMinObservations()
              + "; was '"
              + raw
              + "'");
    }
    return n;
  }

  private static IllegalArgumentException invalid(LevelInput input, String problem, String was) {
    return new IllegalArgumentException(
        input.configKey() + ": " + problem + "; " + expected(input) + "; was '" + was + "'");
  }

  private static String expected(LevelInput input) {
    String what =
        switch (input.unit()) {
          case COUNT -> "three whole numbers ≥ 1";
          case PERCENT ->
              input.direction() == LevelInput.Direction.LOWER_IS_WORSE
                  ? "three percentages from 0 to 100"
                  : "three numbers above 0";
          case PER_100_BEDS -> "three numbers above 0";
        };
    String order =
        input.direction() == LevelInput.Direction.HIGHER_IS_WORSE ? "ascending" : "descending";
    return "expected "
        + what
        + " for levels 2, 3 and 4, "
        + order
        + ", e.g. "
        + defaults().steps(input);
  }

  private static String expectedMinObservations() {
    return "expected the number of hygiene observations below which compliance is not judged, e.g. "
        + DEFAULT_HYGIENE_MIN_OBSERVATIONS;
  }

  private static String plain(double d) {
    return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : "" + d;
  }
}
