package se.sakervard.alerting.notify;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is on call for a hospital at an escalation level at an instant: {@code oncall.<hospital>.<n>}
 * (or {@code oncall.default.<n>} for hospitals without their own), level 0 the primary contact and
 * 1, 2, ... the escalation levels; each value a list of time windows in local time, the first that
 * matches wins:
 *
 * <pre>{@code
 * oncall.default.0 = Mon-Fri 08:00-17:00 -> Chefläkare dagtid <pager:1001>; * -> Chefläkare i beredskap <pager:2000>
 * oncall.default.1 = * -> Hälso- och sjukvårdsdirektör i beredskap <pager:3000>
 * oncall.R01-H02.0 = * -> Chefläkare R01-H02 <pager:4000>
 * }</pre>
 *
 * An escalation beyond the last level goes to the last level. Every problem of a file is reported
 * at once, naming the key.
 */
public final class OnCallRoster implements Serializable {
  private static final Pattern KEY = Pattern.compile("oncall\\.([A-Za-z0-9-]+)\\.(\\d)");
  private static final Pattern WINDOW =
      Pattern.compile(
          "(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:-(Mon|Tue|Wed|Thu|Fri|Sat|Sun))?\\s+)?(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");
  private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

  /**
   * A contact for the instants in a window: days from..to (ISO 1-7), local from (incl.) to (excl.).
   */
  record Shift(int firstDay, int lastDay, LocalTime from, LocalTime to, String contact)
      implements Serializable {

    boolean covers(ZonedDateTime t) {
      int day = t.getDayOfWeek().getValue();
      boolean onDay =
          firstDay <= lastDay
              ? day >= firstDay && day <= lastDay
              : day >= firstDay || day <= lastDay;
      LocalTime time = t.toLocalTime();
      boolean inHours =
          from.isBefore(to)
              ? !time.isBefore(from) && time.isBefore(to)
              : !time.isBefore(from) || time.isBefore(to);
      return onDay && (from.equals(to) || inHours);
    }
  }

  private final ZoneId zone;
  private final Map<String, TreeMap<Integer, List<Shift>>> byHospital;

  private OnCallRoster(ZoneId zone, Map<String, TreeMap<Integer, List<Shift>>> byHospital) {
    this.zone = zone;
    this.byHospital = byHospital;
  }

  public static final String DEFAULTS = "/se/sakervard/alerting/default-roster.properties";

  /** The roster of a file, or the shipped example for an empty path. */
  public static OnCallRoster load(String file, ZoneId zone) throws java.io.IOException {
    Properties p = new Properties();
    if (file.isEmpty()) {
      try (java.io.Reader in =
          new java.io.InputStreamReader(
              OnCallRoster.class.getResourceAsStream(DEFAULTS),
              java.nio.charset.StandardCharsets.UTF_8)) {
        p.load(in);
      }
      return parse(p, zone, DEFAULTS);
    }
    try (java.io.Reader in =
        java.nio.file.Files.newBufferedReader(
            java.nio.file.Path.of(file), java.nio.charset.StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return parse(p, zone, file);
  }

  /** The roster of these properties; every problem at once, each naming its key. */
  public static OnCallRoster parse(Properties p, ZoneId zone, String source) {
    List<String> problems = new ArrayList<>();
    Map<String, TreeMap<Integer, List<Shift>>> byHospital = new HashMap<>();
    for (String key : new TreeMap<>(Map.copyOf(toMap(p))).keySet()) {
      Matcher m = KEY.matcher(key);
      if (!m.matches()) {
        problems.add(key + ": expected oncall.<hospital or default>.<level 0-9>");
        continue;
      }
      List<Shift> shifts = new ArrayList<>();
      for (String entry : p.getProperty(key).split(";")) {
        String[] parts = entry.split("->", 2);
        if (parts.length != 2 || parts[1].isBlank()) {
          problems.add(key + ": '" + entry.trim() + "' is not '<window> -> <contact>'");
          continue;
        }
        Shift shift = shift(parts[0].trim(), parts[1].trim());
        if (shift == null) {
          problems.add(
              key
                  + ": window '"
                  + parts[0].trim()
                  + "' is not '*', 'HH:MM-HH:MM' or 'Mon-Fri HH:MM-HH:MM'");
        } else {
          shifts.add(shift);
        }
      }
      byHospital
          .computeIfAbsent(m.group(1), h -> new TreeMap<>())
          .put(Integer.parseInt(m.group(2)), shifts);
    }
    byHospital.forEach(
        (hospital, levels) -> {
          if (!levels.containsKey(0)) {
            problems.add(
                "oncall." + hospital + ".0: missing (every roster needs a primary contact)");
          }
        });
    if (!byHospital.containsKey("default")) {
      problems.add("oncall.default.0: missing (hospitals without their own roster page it)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid on-call roster in " + source + ":\n  " + String.join("\n  ", problems));
    }
    return new OnCallRoster(zone, byHospital);
  }

  /**
   * Who to page for the hospital at this escalation level at this instant; null if no window covers
   * it.
   */
  public String contactFor(String hospitalCode, int escalation, Instant at) {
    TreeMap<Integer, List<Shift>> levels =
        byHospital.getOrDefault(hospitalCode, byHospital.get("default"));
    Map.Entry<Integer, List<Shift>> level = levels.floorEntry(escalation);
    ZonedDateTime local = at.atZone(zone);
    for (Shift s : level.getValue()) {
      if (s.covers(local)) {
        return s.contact();
      }
    }
    return null;
  }

  private static Shift shift(String window, String contact) {
    if (window.equals("*")) {
      return new Shift(1, 7, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, contact);
    }
    Matcher m = WINDOW.matcher(window);
    if (!m.matches()) {
      return null;
    }
    try {
      int first = m.group(1) == null ? 1 : DAYS.indexOf(m.group(1)) + 1;
      int last = m.group(1) == null ? 7 : m.group(2) == null ? first : DAYS.indexOf(m.group(2)) + 1;
      return new Shift(
          first, last, LocalTime.parse(m.group(3)), LocalTime.parse(m.group(4)), contact);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new HashMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v.toString()));
    return m;
  }
}
