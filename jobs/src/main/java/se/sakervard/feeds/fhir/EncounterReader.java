package se.sakervard.feeds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import se.sakervard.feeds.ParserReasons;

/**
 * Reads FHIR R4 Encounter JSON with HAPI FHIR's parser into an {@link EncounterVersion}. The
 * parser's context is built once per JVM (it is costly and thread-safe).
 */
public final class EncounterReader implements java.io.Serializable {
  /** The text is not an Encounter that can be read; the message says why. */
  public static final class UnreadableEncounterException extends Exception {
    UnreadableEncounterException(String reason) {
      super(reason);
    }
  }

  private static final class Context {
    static final FhirContext R4 = build();

    private static FhirContext build() {
      FhirContext context = FhirContext.forR4();
      // Unknown elements are skipped without a log line: a log must not echo patient data.
      context.setParserErrorHandler(new LenientErrorHandler(false));
      return context;
    }
  }

  /** The Encounter in {@code json}. */
  public EncounterVersion read(String json) throws UnreadableEncounterException {
    IBaseResource resource;
    try {
      IParser parser = Context.R4.newJsonParser();
      resource = parser.parseResource(json);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new UnreadableEncounterException(
          "not FHIR R4 JSON: "
              + ParserReasons.withoutContent(e.getMessage())
              + " (send one Encounter resource)");
    }
    if (!(resource instanceof Encounter e)) {
      throw new UnreadableEncounterException(
          "a "
              + resource.fhirType()
              + " resource, not an Encounter: the FHIR feed takes one Encounter per record");
    }
    List<EncounterVersion.LocationPeriod> locations = new ArrayList<>();
    for (Encounter.EncounterLocationComponent l : e.getLocation()) {
      locations.add(
          new EncounterVersion.LocationPeriod(
              idOf(l.getLocation()),
              l.getStatus() == null ? null : l.getStatus().toCode(),
              millis(l.getPeriod().getStart()),
              millis(l.getPeriod().getEnd())));
    }
    return new EncounterVersion(
        e.getIdElement().getIdPart(),
        millis(e.getMeta().getLastUpdated()),
        e.getStatus() == null ? null : e.getStatus().toCode(),
        e.hasClass_() ? e.getClass_().getCode() : null,
        e.hasSubject() ? idOf(e.getSubject()) : null,
        locations,
        e.hasServiceType() ? e.getServiceType().getCodingFirstRep().getCode() : null,
        e.hasServiceProvider() ? idOf(e.getServiceProvider()) : null,
        e.hasPeriod() ? millis(e.getPeriod().getEnd()) : null);
  }

  /** A reference's id ("Location/AVD12" → "AVD12"), else its identifier's value, else null. */
  private static String idOf(Reference reference) {
    if (reference.getReferenceElement().hasIdPart()) {
      return reference.getReferenceElement().getIdPart();
    }
    return reference.hasIdentifier() ? reference.getIdentifier().getValue() : null;
  }

  private static Long millis(Date date) {
    return date == null ? null : date.getTime();
  }
}
