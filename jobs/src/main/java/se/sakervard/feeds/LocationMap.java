package se.sakervard.feeds;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Which unit a hospital feed's location or service code means: configuration, not code
 * (docs/hospital-feeds.md). A properties file:
 *
 * <pre>
 * region=R01                       # the envelope's region code
 * location.AVD12=R01-H01-U12       # HL7 PV1-3.1 / PV1-6.1, FHIR Location id → unit code
 * service.KIR=R01-H01-U07          # HL7 PV1-10, FHIR serviceType code → the responsible unit
 * </pre>
 *
 * A unit's hospital is the unit reference data's; the mapping names only units.
 */
public final class LocationMap implements Serializable {
  private final String region;
  private final Map<String, String> locations;
  private final Map<String, String> services;

  public LocationMap(String region, Map<String, String> locations, Map<String, String> services) {
    this.region = region;
    this.locations = new HashMap<>(locations);
    this.services = new HashMap<>(services);
  }

  /** The map in the file the setting {@code option} names; fails with what to do when unset. */
  public static LocationMap required(
      se.sakervard.core.config.PipelineSettings settings,
      org.apache.flink.configuration.ConfigOption<String> option) {
    String file = settings.get(option);
    if (file.isBlank()) {
      throw new IllegalArgumentException("Give the location map: --" + option.key() + " <file>");
    }
    return load(Path.of(file), option.key());
  }

  /** The map in {@code file}, given by the option {@code option} (named in errors). */
  public static LocationMap load(Path file, String option) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the location map " + file + " (" + option + "): " + e, e);
    }
    String region = p.getProperty("region");
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "The location map " + file + " has no 'region=' line: add the region's code");
    }
    Map<String, String> locations = new HashMap<>();
    Map<String, String> services = new HashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("location.")) {
        locations.put(key.substring("location.".length()), p.getProperty(key).strip());
      } else if (key.startsWith("service.")) {
        services.put(key.substring("service.".length()), p.getProperty(key).strip());
      }
    }
    return new LocationMap(region.strip(), locations, services);
  }

  public String region() {
    return region;
  }

  /** The unit of a point of care, or null when the map does not have it. */
  public String unit(String location) {
    return location == null ? null : locations.get(location);
  }

  /** The responsible unit of a hospital service, or null. */
  public String responsible(String service) {
    return service == null ? null : services.get(service);
  }
}
