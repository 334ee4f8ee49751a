package se.sakervard.schemas.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every schema, so that a record written with any of them can be read.
 *
 * <p>Released versions live as full {@code .avsc} files under {@code
 * se/sakervard/schemas/released/} on the classpath, listed in {@code index.txt}. Releasing a schema
 * change means adding its file there; {@code ReleasedSchemasTest} fails while the generated classes
 * differ from the newest released version.
 */
public final class ReleasedSchemas implements SchemaStore {
  private static final String DIR = "se/sakervard/schemas/released/";

  private final SchemaStore.Cache byFingerprint = new SchemaStore.Cache();
  private final List<Schema> all;

  private ReleasedSchemas(List<Schema> all) {
    this.all = List.copyOf(all);
    all.forEach(byFingerprint::addSchema);
  }

  /** Loads the released versions shipped with this jar. */
  public static ReleasedSchemas load() {
    List<Schema> schemas = new ArrayList<>();
    for (String file : readLines(DIR + "index.txt")) {
      try (InputStream in = resource(DIR + file)) {
        schemas.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read released schema " + file, e);
      }
    }
    return new ReleasedSchemas(schemas);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.findByFingerprint(fingerprint);
  }

  /** The released versions of one record type, oldest first. */
  public List<Schema> versionsOf(String fullName) {
    return all.stream().filter(s -> s.getFullName().equals(fullName)).toList();
  }

  /** The CRC-64-AVRO fingerprint that single-object encoding puts before each record. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static List<String> readLines(String name) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(resource(name), StandardCharsets.UTF_8))) {
      return Collections.unmodifiableList(
          reader.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name, e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("Missing classpath resource " + name);
    }
    return in;
  }
}
