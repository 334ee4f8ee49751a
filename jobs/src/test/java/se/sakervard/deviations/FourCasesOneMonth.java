package se.sakervard.deviations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.ActionsDecided;
import se.sakervard.schemas.deviations.CaseClassified;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReopened;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.ComplaintAnswered;
import se.sakervard.schemas.deviations.ComplaintReceived;
import se.sakervard.schemas.deviations.DeviationCategory;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.schemas.deviations.DeviationType;
import se.sakervard.schemas.deviations.InvestigationStarted;
import se.sakervard.schemas.deviations.LexMariaFiled;

/**
 * Four deviation cases of one hospital reported in January 2026, as they reach Kafka. Day 0 is
 * Monday 5 January 08:00 UTC; every report is in January (local time), the lex Maria filing in
 * February.
 *
 * <pre>
 * U1  K1  occurred day -1, reported day 0 (consequence 2 × likelihood 2), classified day 2 as a
 *         serious care injury with consequence 3 (needs an event analysis: deadline day 14),
 *         event analysis day 5, actions day 20, closed day 30, lex Maria filed day 40
 *     K2  a near miss, occurred day 0, reported day 1; complaint day 2, answered day 40 (38 days);
 *         closed day 11, reopened day 15, closed again day 50
 * U2  K3  occurred 2 h before its report on day 2, closed day 8; the report reaches Kafka after
 *         the close
 *     K4  occurred day 1, reported day 3, open; its report is sent twice (same event id)
 * bad: a close of K4 timed day -5 (before it occurred), and bytes that are no record at all
 * </pre>
 */
final class FourCasesOneMonth {
  static final Instant DAY_0 = Instant.parse("2026-01-05T08:00:00Z");
  static final byte[] MALFORMED = {0x13, 0x37, 0x00, (byte) 0xff, 0x42};

  private final String region;
  private final String topic;
  private final SingleObjectCodec<DeviationEvent> codec =
      SingleObjectCodec.of(DeviationEvent.class);
  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  private final java.util.Map<String, Integer> positions = new java.util.HashMap<>();
  private boolean withEnteredInError;

  FourCasesOneMonth(String region, String topic) {
    this.region = region;
    this.topic = topic;
  }

  List<ProducerRecord<String, byte[]>> records() {
    records.clear();
    positions.clear();
    reported("k1-1", "K1", "U1", 0, hours(-24), DeviationType.NEGATIVE_EVENT, 2, 2);
    reported("k2-1", "K2", "U1", 1, hours(-24), DeviationType.NEAR_MISS, 1, 1);
    send("k2-2", "K2", "U1", 2, new ComplaintReceived());
    send("k1-2", "K1", "U1", 2, classified(3, 2, true));
    reported("k4-1", "K4", "U2", 3, hours(-48), DeviationType.NEGATIVE_EVENT, 1, 2);
    send("k4-bad", "K4", "U2", -5, new CaseClosed(false));
    send("k1-3", "K1", "U1", 5, new InvestigationStarted(true));
    reported("k4-1", "K4", "U2", 3, hours(-48), DeviationType.NEGATIVE_EVENT, 1, 2);
    send("k3-2", "K3", "U2", 8, new CaseClosed(false));
    reported("k3-1", "K3", "U2", 2, hours(-2), DeviationType.NEGATIVE_EVENT, 1, 1);
    if (withEnteredInError) {
      reported("k5-1", "K5", "U1", 4, hours(-3), DeviationType.NEGATIVE_EVENT, 2, 2);
      send("k5-2", "K5", "U1", 6, classified(4, 3, true));
      send("k5-3", "K5", "U1", 7, new InvestigationStarted(true));
      send("k5-4", "K5", "U1", 9, new CaseClosed(true));
    }
    send("k2-3", "K2", "U1", 11, new CaseClosed(false));
    records.add(new ProducerRecord<>(topic, region + "-K0", MALFORMED));
    send("k2-4", "K2", "U1", 15, new CaseReopened());
    send("k1-4", "K1", "U1", 20, new ActionsDecided());
    send("k1-5", "K1", "U1", 30, new CaseClosed(false));
    send("k1-6", "K1", "U1", 40, new LexMariaFiled());
    send("k2-5", "K2", "U1", 40, new ComplaintAnswered());
    send("k2-6", "K2", "U1", 50, new CaseClosed(false));
    return List.copyOf(records);
  }

  /**
   * The same with a fifth case, K5 on U1: reported day 4, classified a serious care injury day 6,
   * investigated day 7, and closed as entered in error (felregistrerad) day 9. Every figure must
   * equal the four cases' alone.
   */
  FourCasesOneMonth withCaseEnteredInError() {
    withEnteredInError = true;
    return this;
  }

  static Instant day(double days) {
    return DAY_0.plusMillis(Math.round(days * 86_400_000L));
  }

  private static Duration hours(long h) {
    return Duration.ofHours(h);
  }

  private void reported(
      String id,
      String caseRef,
      String unit,
      double day,
      Duration occurredOffset,
      DeviationType type,
      int consequence,
      int likelihood) {
    send(
        id,
        caseRef,
        unit,
        day,
        CaseReported.newBuilder()
            .setOccurredTime(day(day).plus(occurredOffset))
            .setCategory(DeviationCategory.FALL)
            .setDeviationType(type)
            .setConsequence(consequence)
            .setLikelihood(likelihood)
            .setPatientRef("P-" + caseRef)
            .build());
  }

  private static CaseClassified classified(int consequence, int likelihood, boolean serious) {
    return CaseClassified.newBuilder()
        .setCategory(DeviationCategory.MEDICATION)
        .setDeviationType(DeviationType.NEGATIVE_EVENT)
        .setConsequence(consequence)
        .setLikelihood(likelihood)
        .setSeriousCareInjury(serious)
        .build();
  }

  private void send(String id, String caseRef, String unit, double day, Object change) {
    DeviationEvent event =
        DeviationEvent.newBuilder()
            .setEnvelope(
                Envelope.newBuilder()
                    .setEventId(region + "-" + id)
                    .setEventTime(day(day))
                    .setSourceSystem("scenario")
                    .setRegionCode(region)
                    .setHospitalCode(region + "-H1")
                    .setUnitCode(region + "-H1-" + unit)
                    .build())
            .setCaseRef(region + "-" + caseRef)
            .setChange(change)
            .build();
    records.add(new ProducerRecord<>(topic, region + "-" + caseRef, codec.encode(event)));
    positions.putIfAbsent(id, records.size() - 1);
  }

  /** How many of {@link #records}' records come up to and including event {@code id}. */
  int recordsThrough(String id) {
    records();
    Integer position = positions.get(id);
    if (position == null) {
      throw new IllegalArgumentException("The scenario has no event " + id);
    }
    return position + 1;
  }
}
