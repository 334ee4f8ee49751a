package se.sakervard.alerting;

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
 * The names people know places by, beside the codes the feeds carry ({@code A1-H1 = Södra
 * sjukhuset}, {@code A1-H1-U7 = Avd 7 medicin}), for pages read at night. A properties file named
 * by {@code alerting.place-names}; a place without a name is shown by its code alone.
 */
public record PlaceNames(Map<String, String> byCode) implements Serializable {
  public PlaceNames {
    byCode = Map.copyOf(byCode);
  }

  public static PlaceNames none() {
    return new PlaceNames(Map.of());
  }

  /** The names of a properties file ({@code code = name}); an empty path: none. */
  public static PlaceNames load(String file) throws IOException {
    if (file.isEmpty()) {
      return none();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> names = new HashMap<>();
    p.forEach((k, v) -> names.put(k.toString().trim(), v.toString().trim()));
    return new PlaceNames(names);
  }

  /** "Södra sjukhuset (A1-H1)", or the code alone when it has no name. */
  public String label(String code) {
    String name = byCode.get(code);
    return name == null || name.isEmpty() ? code : name + " (" + code + ")";
  }

  /** The name, or null. */
  public String nameOf(String code) {
    return byCode.get(code);
  }
}
