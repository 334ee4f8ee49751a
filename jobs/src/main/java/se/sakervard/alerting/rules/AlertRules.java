package se.sakervard.alerting.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;
import se.sakervard.census.CensusIndicators;
import se.sakervard.deviations.DeviationIndicators;
import se.sakervard.infections.InfectionIndicators;
import se.sakervard.schemas.pipeline.Level;

/**
 * The alert rules, read from a properties file and validated before anything runs: every problem is
 * reported at once, each naming the rule and the field. One rule is a group of keys:
 *
 * <pre>{@code
 * rule.hospital-overcrowding.kind = threshold
 * rule.hospital-overcrowding.indicator = census.overcrowding_per_100_beds
 * rule.hospital-overcrowding.place = hospital
 * rule.hospital-overcrowding.period = CURRENT
 * rule.hospital-overcrowding.fire-above = 10
 * rule.hospital-overcrowding.resolve-below = 7
 * rule.hospital-overcrowding.for = 2 h
 * rule.hospital-overcrowding.urgency = act-now
 * rule.hospital-overcrowding.rationale = Twice the national level of 5 per 100 (2019), sustained.
 * }</pre>
 *
 * Threshold rules take {@code fire-above} with {@code resolve-below} (higher is worse) or {@code
 * fire-below} with {@code resolve-above}, {@code for} and optionally {@code resolve-for}; event
 * rules take {@code event} (serious-care-injury, lex-maria-filed, cluster-opened, cluster-grew)
 * and, for a serious care injury, optionally {@code act-now-within}: a classification whose
 * deviation occurred longer ago than that is acted on today, not now; level rules take {@code
 * place}, {@code level-at-least} (2-4) and optionally {@code for} and {@code resolve-for}. Every
 * rule has an {@code urgency} (act-now, act-today or know: {@link Urgency}) and a {@code
 * rationale}.
 */
public final class AlertRules {
  /** The defaults shipped with the product, each with its rationale. */
  public static final String DEFAULTS = "/se/sakervard/alerting/default-rules.properties";

  /** The indicators a threshold rule can watch: every family's published names. */
  public static final Set<String> KNOWN_INDICATORS =
      Set.of(
          CensusIndicators.OCCUPANCY,
          CensusIndicators.OVERCROWDING,
          CensusIndicators.OUTLYING,
          CensusIndicators.PATIENT_DAYS,
          DeviationIndicators.REPORTED,
          DeviationIndicators.SERIOUS_CARE_INJURIES,
          DeviationIndicators.CLOSED_WITHIN_30_DAYS,
          DeviationIndicators.HANDLING_TIME_MEDIAN,
          DeviationIndicators.HANDLING_TIME_P90,
          DeviationIndicators.LEX_MARIA_FILED,
          DeviationIndicators.OPEN,
          DeviationIndicators.OPEN_OVER_30_DAYS,
          DeviationIndicators.OPEN_OVER_90_DAYS,
          DeviationIndicators.OPEN_SERIOUS,
          DeviationIndicators.REPORTED_PER_DAY,
          DeviationIndicators.REPORTED_LAST_12_MONTHS,
          DeviationIndicators.REPORTED_CHANGE_PERCENT,
          InfectionIndicators.INCIDENCE,
          InfectionIndicators.HYGIENE_ALL_STEPS,
          InfectionIndicators.MULTI_RESISTANT,
          InfectionIndicators.PREVALENCE);

  private static final Pattern KEY =
      Pattern.compile("rule\\.([a-z0-9]+(?:-[a-z0-9]+)*)\\.([a-z-]+)");
  private static final Set<String> COMMON = Set.of("kind", "urgency", "rationale");
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "threshold",
          Set.of(
              "indicator",
              "place",
              "period",
              "fire-above",
              "resolve-below",
              "fire-below",
              "resolve-above",
              "for",
              "resolve-for",
              "min-denominator"),
          "event",
          Set.of("event", "act-now-within"),
          "level",
          Set.of("place", "level-at-least", "for", "resolve-for"));

  private AlertRules() {}

  /** The rules shipped with the product. */
  /** The shipped rule of this name. */
  public static AlertRule shipped(String name) {
    return defaults().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no shipped rule named '" + name + "'"));
  }

  public static List<AlertRule> defaults() {
    try (InputStream in = AlertRules.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("the default alert rules are missing: " + DEFAULTS);
      }
      return parse(read(new InputStreamReader(in, StandardCharsets.UTF_8)), DEFAULTS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  /** The rules of a file; an unreadable or invalid file is an error that says what to fix. */
  public static List<AlertRule> load(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(read(in), file.toString());
    }
  }

  /**
   * The rules of these properties, in name order.
   *
   * @param source where they come from, for the error message
   * @throws IllegalArgumentException listing every problem, one per line
   */
  public static List<AlertRule> parse(Properties properties, String source) {
    Map<String, Map<String, String>> byRule = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String key : properties.stringPropertyNames()) {
      Matcher m = KEY.matcher(key);
      if (!m.matches()) {
        problems.add(
            "key '"
                + key
                + "': expected rule.<name>.<field>, the name lower-case words joined by hyphens");
        continue;
      }
      byRule
          .computeIfAbsent(m.group(1), n -> new TreeMap<>())
          .put(m.group(2), properties.getProperty(key).trim());
    }
    List<AlertRule> rules = new ArrayList<>();
    byRule.forEach(
        (name, fields) -> {
          RuleReader r = new RuleReader(name, fields, problems);
          AlertRule rule = r.read();
          if (rule != null) {
            rules.add(rule);
          }
        });
    if (problems.isEmpty() && rules.isEmpty()) {
      problems.add("no rules: a file of alert rules needs at least one rule.<name>.kind");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid alert rules in " + source + ":\n  " + String.join("\n  ", problems));
    }
    return List.copyOf(rules);
  }

  private static Properties read(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    return p;
  }

  /** Reads one rule's fields, adding a problem for each thing wrong with them. */
  private static final class RuleReader {
    private final String name;
    private final Map<String, String> fields;
    private final List<String> problems;
    private final int problemsBefore;

    RuleReader(String name, Map<String, String> fields, List<String> problems) {
      this.name = name;
      this.fields = fields;
      this.problems = problems;
      this.problemsBefore = problems.size();
    }

    AlertRule read() {
      String kind = required("kind");
      if (kind == null) {
        return null;
      }
      Set<String> allowed = FIELDS.get(kind);
      if (allowed == null) {
        problem("kind", "expected threshold, event or level, was '" + kind + "'");
        return null;
      }
      for (String field : fields.keySet()) {
        if (!COMMON.contains(field) && !allowed.contains(field)) {
          Set<String> takes = new TreeSet<>(allowed);
          takes.addAll(COMMON);
          problem(field, "unknown field for a " + kind + " rule; it takes " + takes);
        }
      }
      Urgency urgency = urgency();
      String rationale = required("rationale");
      AlertRule rule =
          switch (kind) {
            case "threshold" -> threshold(urgency, rationale);
            case "event" -> eventRule(urgency, rationale);
            default -> level(urgency, rationale);
          };
      return problems.size() == problemsBefore ? rule : null;
    }

    private ThresholdRule threshold(Urgency urgency, String rationale) {
      String indicator = required("indicator");
      if (indicator != null && !KNOWN_INDICATORS.contains(indicator)) {
        problem(
            "indicator",
            "unknown indicator '" + indicator + "'; known: " + new TreeSet<>(KNOWN_INDICATORS));
      }
      String period = fields.getOrDefault("period", "CURRENT");
      if (indicator != null
          && indicator.startsWith("census.")
          && CensusIndicators.PUBLISHED_PERIODS.stream().noneMatch(k -> k.name().equals(period))) {
        problem(
            "period",
            "the census publishes its indicators for "
                + new TreeSet<>(CensusIndicators.PUBLISHED_PERIODS)
                + " only, not "
                + period
                + " (hours, rolling 24 h and the 06:00 snapshot are in ClickHouse only)");
      }
      boolean above = fields.containsKey("fire-above");
      if (above == fields.containsKey("fire-below")) {
        problem("fire-above", "give exactly one of fire-above (higher is worse) and fire-below");
        return null;
      }
      String resolveField = above ? "resolve-below" : "resolve-above";
      double fireAt = number(above ? "fire-above" : "fire-below");
      double resolveAt = number(resolveField);
      if (above ? resolveAt > fireAt : resolveAt < fireAt) {
        problem(
            resolveField,
            "must be on the safe side of the firing threshold ("
                + (above ? "at most " : "at least ")
                + fireAt
                + "), was "
                + resolveAt);
      }
      return new ThresholdRule(
          name,
          indicator,
          place(),
          period,
          above,
          fireAt,
          resolveAt,
          duration("for", null),
          duration("resolve-for", Duration.ZERO),
          fields.containsKey("min-denominator") ? number("min-denominator") : 0,
          urgency,
          rationale);
    }

    private EventRule eventRule(Urgency urgency, String rationale) {
      EventRule.Kind event = event();
      Duration actNowWithin = duration("act-now-within", EventRule.ALWAYS);
      if (fields.containsKey("act-now-within")
          && (event != EventRule.Kind.SERIOUS_CARE_INJURY || urgency != Urgency.ACT_NOW)) {
        problem(
            "act-now-within",
            "applies to an act-now serious-care-injury rule only (the one event that carries"
                + " when it occurred)");
      }
      return new EventRule(name, event, urgency, rationale, actNowWithin);
    }

    private LevelRule level(Urgency urgency, String rationale) {
      double atLeast = number("level-at-least");
      if (atLeast != Math.rint(atLeast) || atLeast < 2 || atLeast > 4) {
        problem("level-at-least", "expected 2, 3 or 4, was " + fields.get("level-at-least"));
      }
      return new LevelRule(
          name,
          place(),
          (int) atLeast,
          duration("for", Duration.ZERO),
          duration("resolve-for", Duration.ZERO),
          urgency,
          rationale);
    }

    private EventRule.Kind event() {
      String value = required("event");
      if (value == null) {
        return null;
      }
      try {
        return EventRule.Kind.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        problem(
            "event",
            "expected serious-care-injury, lex-maria-filed, cluster-opened or cluster-grew, was '"
                + value
                + "'");
        return null;
      }
    }

    private Urgency urgency() {
      String value = required("urgency");
      if (value == null) {
        return null;
      }
      try {
        return Urgency.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        problem("urgency", "expected act-now, act-today or know, was '" + value + "'");
        return null;
      }
    }

    private Level place() {
      String value = required("place");
      if (value == null) {
        return null;
      }
      try {
        return Level.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem("place", "expected unit, hospital or region, was '" + value + "'");
        return null;
      }
    }

    private double number(String field) {
      String value = required(field);
      if (value == null) {
        return Double.NaN;
      }
      try {
        double d = Double.parseDouble(value);
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problem(field, "expected a number, was '" + value + "'");
      return Double.NaN;
    }

    private Duration duration(String field, Duration fallback) {
      String value = fallback == null ? required(field) : fields.get(field);
      if (value == null) {
        return fallback;
      }
      try {
        Duration d = TimeUtils.parseDuration(value);
        if (!d.isNegative()) {
          return d;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      problem(field, "expected a duration such as 30 min, 2 h or 1 d, was '" + value + "'");
      return fallback;
    }

    private String required(String field) {
      String value = fields.get(field);
      if (value == null || value.isEmpty()) {
        problem(field, "missing");
        return null;
      }
      return value;
    }

    private void problem(String field, String what) {
      problems.add("rule '" + name + "', field '" + field + "': " + what);
    }
  }
}
