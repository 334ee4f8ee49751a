package se.sakervard.feeds.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * HAPI as the feeds use it: every HL7 v2 version parsed into the v2.5.1 structures (an ADT of v2.3
 * or v2.4 reads the same fields), without HAPI's own validation (the mapping says what it needs,
 * with reasons of its own).
 */
final class Hl7Messages {
  static final String CANONICAL_VERSION = "2.5.1";

  private Hl7Messages() {}

  static HapiContext context() {
    HapiContext context = new DefaultHapiContext();
    context.setModelClassFactory(new CanonicalModelClassFactory(CANONICAL_VERSION));
    context.setValidationContext(ValidationContextFactory.noValidation());
    return context;
  }
}
