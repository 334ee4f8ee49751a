package se.sakervard.feeds.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * HAPI as the feeds use it: every HL7 v2 version parsed into the v2.5.1 structures (an ADT of v2.3
 * or v2.4 reads the same fields), without HAPI's own validation (the mapping says what it needs,
 * with reasons of its own).
 *
 * <p>HAPI's server answers a message it cannot parse from the message's MSH; bytes without one got
 * no answer at all, and the sender waited. Here they are answered as if from an unknown sender, so
 * that every message gets its NACK.
 */
public final class Hl7Messages {
  static final String CANONICAL_VERSION = "2.5.1";

  /** The MSH an answer to bytes without one is built from. */
  private static final String UNKNOWN_SENDER =
      "MSH|^~\\&|UNKNOWN|UNKNOWN|SAKERVARD|SAKERVARD|||ADT^A01|UNKNOWN|P|"
          + CANONICAL_VERSION
          + "\r";

  private Hl7Messages() {}

  public static HapiContext context() {
    HapiContext context =
        new DefaultHapiContext() {
          private GenericParser parser;

          @Override
          public synchronized GenericParser getGenericParser() {
            if (parser == null) {
              parser = new AnswersEverything(this);
            }
            return parser;
          }
        };
    context.setModelClassFactory(new CanonicalModelClassFactory(CANONICAL_VERSION));
    context.setValidationContext(ValidationContextFactory.noValidation());
    return context;
  }

  private static final class AnswersEverything extends GenericParser {
    AnswersEverything(HapiContext context) {
      super(context);
    }

    @Override
    public Segment getCriticalResponseData(String message) throws HL7Exception {
      try {
        return super.getCriticalResponseData(message);
      } catch (HL7Exception | RuntimeException e) {
        return super.getCriticalResponseData(UNKNOWN_SENDER);
      }
    }
  }
}
