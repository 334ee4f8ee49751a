package se.sakervard.alerting.input;

import java.util.Set;
import se.sakervard.alerting.Place;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.alerting.AlertAction;
import se.sakervard.schemas.alerting.AlertActionKind;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.pipeline.DeadLetterReason;
import se.sakervard.schemas.pipeline.Level;

/**
 * Reads the alert-actions topic; an action on a rule that does not exist, on an unknown level, by
 * nobody, or a silence without its end, is rejected with the reason.
 */
public final class AlertActionDecoder implements RecordDecoder<AlertActionInput> {
  private final Set<String> rules;
  private transient SingleObjectCodec<AlertAction> codec;

  public AlertActionDecoder(Set<String> rules) {
    this.rules = rules;
  }

  @Override
  public AlertActionInput decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(AlertAction.class);
    }
    AlertAction a = EnvelopeRules.decode(codec, record.value());
    if (!rules.contains(a.getRule())) {
      throw invalid(a, "no alert rule named '" + a.getRule() + "'");
    }
    Level level;
    try {
      level = Level.valueOf(a.getLevel());
    } catch (IllegalArgumentException e) {
      throw invalid(a, "level must be UNIT, HOSPITAL or REGION, was '" + a.getLevel() + "'");
    }
    if (a.getBy().isBlank()) {
      throw invalid(a, "who acknowledged or silenced is missing");
    }
    boolean acknowledge = a.getAction() == AlertActionKind.ACKNOWLEDGE;
    if (!acknowledge && a.getSilenceUntil() == null) {
      throw invalid(a, "a silence needs its end (silenceUntil)");
    }
    return new AlertActionInput(
        acknowledge,
        a.getRule(),
        new Place(level, a.getRegionCode(), a.getHospitalCode(), a.getUnitCode()),
        a.getRef(),
        a.getBy(),
        a.getAt().toEpochMilli(),
        acknowledge ? 0 : a.getSilenceUntil().toEpochMilli());
  }

  private static RejectedRecordException invalid(AlertAction a, String why) {
    return new RejectedRecordException(
        DeadLetterReason.INVALID, why, null, a.getAt().toEpochMilli(), false);
  }
}
