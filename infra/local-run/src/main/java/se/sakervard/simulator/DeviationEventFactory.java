package se.sakervard.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.ActionsDecided;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReopened;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.ComplaintAnswered;
import se.sakervard.schemas.deviations.ComplaintReceived;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.schemas.deviations.InvestigationStarted;
import se.sakervard.schemas.deviations.LexMariaFiled;

/**
 * Builds the Avro deviation events, each with its own event id, on the case's unit. The changes
 * without fields are shared: they are only ever encoded.
 */
final class DeviationEventFactory {
  static final String SOURCE_SYSTEM = "sim-deviation-system";

  private static final ActionsDecided ACTIONS_DECIDED = new ActionsDecided();
  private static final CaseClosed CLOSED = new CaseClosed();
  private static final CaseReopened REOPENED = new CaseReopened();
  private static final LexMariaFiled LEX_MARIA_FILED = new LexMariaFiled();
  private static final ComplaintReceived COMPLAINT_RECEIVED = new ComplaintReceived();
  private static final ComplaintAnswered COMPLAINT_ANSWERED = new ComplaintAnswered();
  private static final InvestigationStarted EVENT_ANALYSIS = new InvestigationStarted(true);
  private static final InvestigationStarted INVESTIGATION = new InvestigationStarted(false);

  private final String regionCode;
  private final String idPrefix;
  private long eventCount;

  /**
   * @param runSalt distinguishes runs: the pipeline drops repeated event ids, so a run with another
   *     seed or start must never reuse one
   */
  DeviationEventFactory(String regionCode, long runSalt) {
    this.regionCode = regionCode;
    this.idPrefix = Pseudonyms.format('E', new SplittableRandom(runSalt).nextLong()) + "-";
  }

  DeviationEvent event(long time, DeviationCase c, CaseStep step) {
    Object change =
        switch (step) {
          case REPORTED ->
              new CaseReported(
                  Instant.ofEpochMilli(c.occurred),
                  c.category,
                  c.type,
                  c.consequence,
                  c.likelihood,
                  c.patientRef);
          case CLASSIFIED ->
              new CaseClassified(
                  c.category,
                  c.type,
                  c.consequence,
                  c.likelihood,
                  c.serious,
                  Instant.ofEpochMilli(c.occurred));
          case RECLASSIFIED ->
              new CaseClassified(
                  c.category,
                  c.type,
                  c.reclassifiedConsequence,
                  c.likelihood,
                  c.serious,
                  Instant.ofEpochMilli(c.occurred));
          case INVESTIGATION_STARTED -> c.eventAnalysis ? EVENT_ANALYSIS : INVESTIGATION;
          case ACTIONS_DECIDED -> ACTIONS_DECIDED;
          case CLOSED -> CLOSED;
          case REOPENED -> REOPENED;
          case LEX_MARIA_FILED -> LEX_MARIA_FILED;
          case COMPLAINT_RECEIVED -> COMPLAINT_RECEIVED;
          case COMPLAINT_ANSWERED -> COMPLAINT_ANSWERED;
        };
    // A hex counter: eight hex digits at most before four billion events, so an id never holds the
    // ten digits in a row of a personal identity number.
    Envelope envelope =
        new Envelope(
            idPrefix + Long.toHexString(eventCount++),
            Instant.ofEpochMilli(time),
            SOURCE_SYSTEM,
            regionCode,
            c.unit.hospitalCode(),
            c.unit.code(),
            null);
    return new DeviationEvent(envelope, c.ref, change);
  }
}
