package se.sakervard.local.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import se.sakervard.simulator.SeededEvents;
import se.sakervard.simulator.SeededOutbreak;
import se.sakervard.simulator.SimulatedRegion;

/**
 * What the alerts asked of people over a simulated period (docs/performance.md, "Alert burden"),
 * read from ClickHouse after the run: pages per hospital and 12-hour on-call shift, night pages per
 * hospital and week on quiet stretches, the digest's items per day, the time units and hospitals
 * spent at each level, and whether and when each seeded event was paged or digested. The queries
 * are {@code sql/alert-burden/*.sql}.
 *
 * <p>Deadlines (our choice): an event to act on now is paged within 4 hours of its start (a
 * staffing crisis's first hour, a serious care injury's classification); one to act on today (a
 * possible outbreak) is in a digest within 24 hours of its alert firing, which is when the case
 * that made the cluster was confirmed (its onset may lie days before).
 */
final class AlertBurden {
  static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
  static final Duration ACT_NOW_DEADLINE = Duration.ofHours(4);
  static final Duration ACT_TODAY_DEADLINE = Duration.ofHours(24);

  /** Night, for pages: 22:00 to 07:00 local (our choice). */
  static boolean night(LocalDateTime t) {
    return t.getHour() >= 22 || t.getHour() < 7;
  }

  /** The start of the 12-hour on-call shift (08:00-20:00, 20:00-08:00 local) holding {@code t}. */
  static LocalDateTime shiftOf(LocalDateTime t) {
    LocalDateTime eight = t.toLocalDate().atTime(8, 0);
    if (t.isBefore(eight)) {
      return eight.minusHours(12);
    }
    return t.isBefore(eight.plusHours(12)) ? eight : eight.plusHours(12);
  }

  private final SimulatedRegion region;
  private final SeededEvents seeded;
  private final List<SeededOutbreak> outbreaks;
  private final Instant start;
  private final Instant end;

  AlertBurden(
      SimulatedRegion region,
      SeededEvents seeded,
      List<SeededOutbreak> outbreaks,
      Instant start,
      Instant end) {
    this.region = region;
    this.seeded = seeded;
    this.outbreaks = outbreaks;
    this.start = start;
    this.end = end;
  }

  /** The report's lines, each with its target where the issue sets one. */
  List<String> report(Connection clickHouse) throws Exception {
    List<String> lines = new ArrayList<>();
    List<Page> pages = pages(clickHouse);
    List<Page> first = pages.stream().filter(Page::first).toList();
    lines.add(
        "paged if every page is acknowledged within the escalation time (alerts' first"
            + " notifications):");
    pagesPerShift(first).forEach(l -> lines.add("  " + l));
    lines.add("  " + nightPages(first));
    lines.add("paged if no page is ever acknowledged (escalations and reminders too):");
    pagesPerShift(pages).forEach(l -> lines.add("  " + l));
    lines.add("  " + nightPages(pages));
    lines.add(digest(clickHouse));
    lines.add("digest items by rule: " + counts(clickHouse, "digest_by_rule.sql"));
    lines.addAll(levels(clickHouse));
    lines.addAll(seededEvents(clickHouse));
    return lines;
  }

  private record Page(String hospital, LocalDateTime local, List<String> rules, boolean first) {}

  private List<Page> pages(Connection c) throws Exception {
    List<Page> pages = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query("pages.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        pages.add(
            new Page(
                rs.getString(1),
                LocalDateTime.ofInstant(Instant.ofEpochMilli(rs.getLong(2)), ZONE),
                strings(rs.getArray(3)),
                rs.getBoolean(4)));
      }
    }
    return pages;
  }

  /** Over every hospital and shift of the period, the ones without pages too. */
  private List<String> pagesPerShift(List<Page> pages) {
    Map<String, Integer> perShift = new HashMap<>();
    for (Page p : pages) {
      perShift.merge(p.hospital() + "|" + shiftOf(p.local()), 1, Integer::sum);
    }
    LocalDateTime first = shiftOf(LocalDateTime.ofInstant(start, ZONE)).plusHours(12);
    LocalDateTime last = shiftOf(LocalDateTime.ofInstant(end, ZONE));
    List<Integer> counts = new ArrayList<>();
    for (var h : region.hospitals()) {
      for (LocalDateTime s = first; s.isBefore(last); s = s.plusHours(12)) {
        counts.add(perShift.getOrDefault(h.code() + "|" + s, 0));
      }
    }
    counts.sort(null);
    long busy = counts.stream().filter(n -> n > 2).count();
    Map<String, Integer> byRule = new TreeMap<>();
    pages.forEach(p -> p.rules().forEach(r -> byRule.merge(r, 1, Integer::sum)));
    return List.of(
        String.format(
            Locale.ROOT,
            "pages per hospital and 12-hour shift (%,d hospital-shifts, %,d pages): median %d, p95"
                + " %d, max %d; shifts with more than 2: %d (%.2f%%)  [target: p95 at most 2]",
            counts.size(),
            pages.size(),
            percentile(counts, 50),
            percentile(counts, 95),
            counts.isEmpty() ? 0 : counts.get(counts.size() - 1),
            busy,
            counts.isEmpty() ? 0 : 100.0 * busy / counts.size()),
        "pages by rule (a page may carry several): " + byRule);
  }

  /** Night pages per hospital and week, on weeks without a seeded event at the hospital. */
  private String nightPages(List<Page> pages) {
    Map<String, Set<LocalDate>> eventful = new HashMap<>();
    for (SeededEvents.Crisis c : seeded.crises()) {
      mark(eventful, c.hospitalCode(), c.from(), c.to());
    }
    for (SeededEvents.SameDayInjury s : seeded.injuries()) {
      mark(eventful, region.unit(s.unitCode()).hospitalCode(), s.occurred(), s.classified());
    }
    for (SeededOutbreak o : outbreaks) {
      mark(eventful, o.hospitalCode(), o.firstOnset(), o.lastOnset().plus(Duration.ofDays(14)));
    }
    Map<String, Integer> perWeek = new HashMap<>();
    Map<String, List<String>> whatPaged = new TreeMap<>();
    int night = 0;
    for (Page p : pages) {
      if (night(p.local())) {
        night++;
        LocalDate week = monday(p.local().toLocalDate());
        if (!eventful.getOrDefault(p.hospital(), Set.of()).contains(week)) {
          perWeek.merge(p.hospital() + "|" + week, 1, Integer::sum);
          whatPaged
              .computeIfAbsent(p.hospital() + " week of " + week, k -> new ArrayList<>())
              .add(p.local().toString().replace('T', ' ') + " " + String.join("+", p.rules()));
        }
      }
    }
    List<Integer> counts = new ArrayList<>();
    int quietWeeks = 0;
    LocalDate firstWeek = monday(LocalDate.ofInstant(start, ZONE)).plusWeeks(1);
    LocalDate lastWeek = monday(LocalDate.ofInstant(end, ZONE));
    for (var h : region.hospitals()) {
      for (LocalDate w = firstWeek; w.isBefore(lastWeek); w = w.plusWeeks(1)) {
        if (!eventful.getOrDefault(h.code(), Set.of()).contains(w)) {
          quietWeeks++;
          counts.add(perWeek.getOrDefault(h.code() + "|" + w, 0));
        }
      }
    }
    counts.sort(null);
    long over = counts.stream().filter(n -> n > 1).count();
    whatPaged.values().removeIf(l -> l.size() < 2);
    String which =
        over == 0 || over > 10
            ? ""
            : "; those weeks: "
                + String.join(
                    "; ",
                    whatPaged.entrySet().stream()
                        .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                        .toList());
    return String.format(
            Locale.ROOT,
            "night pages (22:00-07:00): %d in all; per hospital and quiet week (%,d hospital-weeks"
                + " without a seeded event): median %d, p95 %d, max %d, weeks with more than 1: %d"
                + "  [target: at most 1]",
            night,
            quietWeeks,
            percentile(counts, 50),
            percentile(counts, 95),
            counts.isEmpty() ? 0 : counts.get(counts.size() - 1),
            over)
        + which;
  }

  private static void mark(
      Map<String, Set<LocalDate>> weeks, String hospital, Instant from, Instant to) {
    Set<LocalDate> set = weeks.computeIfAbsent(hospital, k -> new HashSet<>());
    for (LocalDate d = LocalDate.ofInstant(from, ZONE);
        !d.isAfter(LocalDate.ofInstant(to, ZONE));
        d = d.plusDays(1)) {
      set.add(monday(d));
    }
  }

  private static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private String digest(Connection c) throws Exception {
    List<Integer> items = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query("digest_items.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        items.add(rs.getInt(3));
      }
    }
    long days = Duration.between(start, end).toDays();
    while (items.size() < days) {
      items.add(0); // days without a digest item
    }
    items.sort(null);
    return String.format(
        Locale.ROOT,
        "digest items per day (region, %d days): median %d, p95 %d, max %d, in all %,d"
            + "  [target: at most 15 a day]",
        items.size(),
        percentile(items, 50),
        percentile(items, 95),
        items.isEmpty() ? 0 : items.get(items.size() - 1),
        items.stream().mapToLong(Integer::longValue).sum());
  }

  private List<String> levels(Connection c) throws Exception {
    Map<String, double[]> hours = new TreeMap<>();
    Map<String, List<String>> causes = new TreeMap<>();
    double normalWithCritical = 0;
    double belowWorst = 0;
    try (PreparedStatement ps = c.prepareStatement(query("level_time.sql"))) {
      ps.setLong(1, end.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String place = rs.getString(1).toLowerCase(Locale.ROOT) + "s";
          int level = rs.getInt(2);
          hours.computeIfAbsent(place, k -> new double[5])[level] += rs.getDouble(4);
          if (level >= 3) {
            causes
                .computeIfAbsent(place + " at level " + level, k -> new ArrayList<>())
                .add(String.format(Locale.ROOT, "%s %.0f h", rs.getString(3), rs.getDouble(4)));
          }
          normalWithCritical += rs.getDouble(5);
          belowWorst += rs.getDouble(6);
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (var e : hours.entrySet()) {
      double[] h = e.getValue();
      double total = h[1] + h[2] + h[3] + h[4];
      lines.add(
          String.format(
              Locale.ROOT,
              "time at level 1 / 2 / 3 / 4, %s: %.1f / %.1f / %.1f / %.1f%%",
              e.getKey(),
              100 * h[1] / total,
              100 * h[2] / total,
              100 * h[3] / total,
              100 * h[4] / total));
    }
    double hospitalHours = hours.containsKey("hospitals") ? sum(hours.get("hospitals")) : 0;
    lines.add(
        String.format(
            Locale.ROOT,
            "hospitals at level 1 with a unit at level 4: %.2f%% of the time [goal: never];"
                + " below their worst unit's level: %.1f%% (their units' rule raises them only"
                + " for a quarter of their units, or any unit at 4)",
            hospitalHours == 0 ? 0 : 100 * normalWithCritical / hospitalHours,
            hospitalHours == 0 ? 0 : 100 * belowWorst / hospitalHours));
    causes.forEach(
        (k, v) -> lines.add("  " + k + ", by the worst reason: " + String.join(", ", v)));
    return lines;
  }

  /** "rule=n, ..." of a two-column query. */
  private static String counts(Connection c, String file) throws Exception {
    List<String> parts = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query(file));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        parts.add(rs.getString(1) + "=" + rs.getLong(2));
      }
    }
    return String.join(", ", parts);
  }

  private static String stepsOf(Connection c, String ref) throws Exception {
    List<String> steps = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query("ref_steps.sql"))) {
      ps.setString(1, ref);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
        }
      }
    }
    return steps.isEmpty() ? "no alert steps" : String.join("; ", steps);
  }

  private static double sum(double[] h) {
    return h[1] + h[2] + h[3] + h[4];
  }

  private record Step(
      String rule,
      String urgency,
      String step,
      String hospital,
      String unit,
      String ref,
      long at) {}

  /** Each seeded event: found or not, when, and whether within its class's deadline. */
  private List<String> seededEvents(Connection c) throws Exception {
    List<Step> steps = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query("seeded_alerts.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        steps.add(
            new Step(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9)));
      }
    }
    List<String> lines = new ArrayList<>();
    int inTime = 0;
    int all = 0;
    List<String> late = new ArrayList<>();
    // A staffing crisis: the hospital's first page after it began, for a hospital-level rule.
    List<Double> crisisHours = new ArrayList<>();
    for (SeededEvents.Crisis crisis : seeded.crises()) {
      all++;
      long from = crisis.from().toEpochMilli();
      Long paged =
          earliest(
              steps,
              s ->
                  s.step().equals("DELIVERED")
                      && s.hospital().equals(crisis.hospitalCode())
                      && s.unit().isEmpty()
                      && s.at() >= from
                      && s.at() < crisis.to().toEpochMilli());
      if (paged != null && paged - from <= ACT_NOW_DEADLINE.toMillis()) {
        inTime++;
        crisisHours.add((paged - from) / 3_600_000.0);
      } else {
        List<String> around = new ArrayList<>();
        for (Step x : steps) {
          if (x.hospital().equals(crisis.hospitalCode())
              && x.unit().isEmpty()
              && x.at() >= from - Duration.ofHours(24).toMillis()
              && x.at() < crisis.to().toEpochMilli()) {
            around.add(x.rule() + " " + x.step() + " " + Instant.ofEpochMilli(x.at()));
          }
        }
        late.add(
            "crisis at "
                + crisis.hospitalCode()
                + " from "
                + crisis.from()
                + " (the hospital's alerts from a day before: "
                + (around.isEmpty() ? "none" : String.join("; ", around))
                + ")");
      }
    }
    // A serious care injury classified the same day: its page.
    List<Double> injuryMinutes = new ArrayList<>();
    for (SeededEvents.SameDayInjury s : seeded.injuries()) {
      all++;
      long classified = s.classified().toEpochMilli();
      Long paged =
          earliest(
              steps,
              x ->
                  x.step().equals("DELIVERED")
                      && x.rule().equals("serious-care-injury")
                      && s.caseRef().equals(x.ref()));
      if (paged != null && paged - classified <= ACT_NOW_DEADLINE.toMillis()) {
        inTime++;
        injuryMinutes.add((paged - classified) / 60_000.0);
      } else {
        late.add("serious care injury " + s.caseRef() + " classified " + s.classified());
      }
    }
    // An outbreak: the cluster holding its first two cases, opened, and digested.
    Map<String, List<String>> clusterCases = new HashMap<>();
    Map<String, Long> clusterOpened = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(query("outbreak_clusters.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        clusterCases.put(rs.getString(1), strings(rs.getArray(3)));
        clusterOpened.put(rs.getString(1), rs.getLong(4));
      }
    }
    List<Double> detectionHours = new ArrayList<>();
    List<Double> confirmedHours = new ArrayList<>();
    List<Double> digestHours = new ArrayList<>();
    for (SeededOutbreak o : outbreaks) {
      if (o.caseRefs().size() < 2) {
        continue;
      }
      all++;
      String cluster =
          clusterCases.entrySet().stream()
              .filter(e -> e.getValue().containsAll(o.caseRefs().subList(0, 2)))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      Long fired = first(steps, "FIRING", cluster);
      Long digested = first(steps, "DIGESTED", cluster);
      if (fired != null && digested != null && digested - fired <= ACT_TODAY_DEADLINE.toMillis()) {
        inTime++;
        detectionHours.add(
            (clusterOpened.get(cluster) - o.firstOnset().toEpochMilli()) / 3_600_000.0);
        confirmedHours.add((fired - clusterOpened.get(cluster)) / 3_600_000.0);
        digestHours.add((digested - fired) / 3_600_000.0);
      } else {
        late.add(
            "outbreak of "
                + o.organism()
                + " on "
                + o.unitCode()
                + " from "
                + o.firstOnset()
                + (cluster == null
                    ? " (no cluster)"
                    : " (cluster "
                        + cluster
                        + " opened "
                        + Instant.ofEpochMilli(clusterOpened.get(cluster))
                        + ": "
                        + stepsOf(c, cluster)
                        + ")"));
      }
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "seeded events paged or digested within their deadline: %d of %d  [target: all]",
            inTime,
            all));
    lines.add(
        String.format(
            Locale.ROOT,
            "  staffing crises (%d, act now): paged %s h after they began (deadline %d h)",
            seeded.crises().size(),
            spread(crisisHours),
            ACT_NOW_DEADLINE.toHours()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  same-day serious care injuries (%d, act now): paged %s min after the"
                + " classification",
            seeded.injuries().size(),
            spread(injuryMinutes)));
    lines.add(
        String.format(
            Locale.ROOT,
            "  outbreaks (%d, act today): the cluster's opening case's onset %s h after the first"
                + " case's, confirmed %s h after its onset; digested %s h after that"
                + " (deadline %d h)",
            detectionHours.size(),
            spread(detectionHours),
            spread(confirmedHours),
            spread(digestHours),
            ACT_TODAY_DEADLINE.toHours()));
    late.forEach(l -> lines.add("  not in time: " + l));
    return lines;
  }

  /** The first step of this kind of a cluster's alerts, or null. */
  private static Long first(List<Step> steps, String step, String cluster) {
    return cluster == null
        ? null
        : earliest(
            steps,
            x ->
                x.step().equals(step)
                    && x.rule().startsWith("cluster-")
                    && cluster.equals(x.ref()));
  }

  /** The time of the earliest step that matches, or null. */
  private static Long earliest(List<Step> steps, java.util.function.Predicate<Step> matches) {
    return steps.stream().filter(matches).map(Step::at).min(Long::compare).orElse(null);
  }

  /** "median 1.2, max 3.4" of the values, or "none". */
  private static String spread(List<Double> values) {
    if (values.isEmpty()) {
      return "(none)";
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return String.format(
        Locale.ROOT,
        "median %.1f, max %.1f",
        sorted.get((sorted.size() - 1) / 2),
        sorted.get(sorted.size() - 1));
  }

  private static int percentile(List<Integer> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static List<String> strings(java.sql.Array array) throws java.sql.SQLException {
    List<String> values = new ArrayList<>();
    for (Object o : (Object[]) array.getArray()) {
      values.add(String.valueOf(o));
    }
    return values;
  }

  private static String query(String file) throws IOException {
    try (InputStream in =
        AlertBurden.class.getResourceAsStream("/se/sakervard/local/alert-burden/" + file)) {
      if (in == null) {
        throw new IOException("missing query " + file + " (sql/alert-burden)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
