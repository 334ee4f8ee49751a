package se.sakervard.deviations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.common.Envelope;
import se.sakervard.schemas.deviations.CaseClosed;
import se.sakervard.schemas.deviations.CaseReported;
import se.sakervard.schemas.deviations.DeviationCategory;
import se.sakervard.schemas.deviations.DeviationEvent;
import se.sakervard.schemas.deviations.DeviationType;

/**
 * Five deviation cases of one unit around the end of January 2026, as they reach Kafka in this
 * order. January ends 1 February 00:00 in Stockholm, 31 January 23:00 UTC; December 31 December
 * 23:00 UTC. Every time is 08:00 UTC.
 *
 * <pre>
 * E  reported 20 December 2025, open
 * A  reported 20 January, consequence 3: needs an event analysis, due 3 February; none starts
 * B  reported 22 January
 * D  reported 28 January, closed 2 February (after January ended)
 * C  reported 10 February, closed 12 February: event time passes January's end and A's deadline
 * B  closed 25 January: the close reaches Kafka last, when event time has passed January's end
 * </pre>
 */
final class LateCloseAcrossMonthEnd {
  private final String region;
  private final String topic;
  private final SingleObjectCodec<DeviationEvent> codec =
      SingleObjectCodec.of(DeviationEvent.class);
  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

  LateCloseAcrossMonthEnd(String region, String topic) {
    this.region = region;
    this.topic = topic;
  }

  List<ProducerRecord<String, byte[]>> records() {
    records.clear();
    reported("e-1", "E", "2025-12-20", 1);
    reported("a-1", "A", "2026-01-20", 3);
    reported("b-1", "B", "2026-01-22", 1);
    reported("d-1", "D", "2026-01-28", 1);
    send("d-2", "D", "2026-02-02", new CaseClosed());
    reported("c-1", "C", "2026-02-10", 1);
    send("c-2", "C", "2026-02-12", new CaseClosed());
    send("b-2", "B", "2026-01-25", new CaseClosed());
    return List.copyOf(records);
  }

  private void reported(String id, String caseRef, String day, int consequence) {
    send(
        id,
        caseRef,
        day,
        CaseReported.newBuilder()
            .setOccurredTime(at(day).minusSeconds(3600))
            .setCategory(DeviationCategory.FALL)
            .setDeviationType(DeviationType.NEGATIVE_EVENT)
            .setConsequence(consequence)
            .setLikelihood(1)
            .setPatientRef("P-" + caseRef)
            .build());
  }

  private static Instant at(String day) {
    return Instant.parse(day + "T08:00:00Z");
  }

  private void send(String id, String caseRef, String day, Object change) {
    DeviationEvent event =
        DeviationEvent.newBuilder()
            .setEnvelope(
                Envelope.newBuilder()
                    .setEventId(region + "-" + id)
                    .setEventTime(at(day))
                    .setSourceSystem("scenario")
                    .setRegionCode(region)
                    .setHospitalCode(region + "-H1")
                    .setUnitCode(region + "-H1-U1")
                    .build())
            .setCaseRef(region + "-" + caseRef)
            .setChange(change)
            .build();
    records.add(new ProducerRecord<>(topic, region + "-" + caseRef, codec.encode(event)));
  }
}
