package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.sakervard.census.CensusInput;
import se.sakervard.census.StayTimeline;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.schemas.census.Admission;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.census.Transfer;
import se.sakervard.schemas.codec.SingleObjectCodec;

/**
 * The census's order of a stay's same-instant events does not depend on how event ids sort. Two
 * weeks of two simulated hospitals, every event time cut to the whole minute as many HL7 feeds
 * stamp them, and half the stays moved after admission moved within its minute (so an admission and
 * a transfer share an instant), go through each stay's {@link StayTimeline} twice: with sequential
 * ids in send order, and with random UUIDs in a shuffled arrival order. Every unit's occupancy
 * changes, which every census figure is computed from, are the same.
 */
class SameInstantOrderTest {
  private static final Clock FAR_FUTURE =
      Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldGiveTheSameUnitChangesWithRandomUuidsAsWithSequentialIds() throws Exception {
    SimulatedRun run =
        SimulatedRun.of(2, 7, "2025-03-01T00:00:00Z", Duration.ofDays(14), FaultRates.none());
    List<CensusEvent> stayEvents = new ArrayList<>();
    for (CensusEvent e : run.events()) {
      if (!(e.getChange() instanceof AvailableBedsChanged)) {
        long minute = e.getEnvelope().getEventTime().toEpochMilli() / 60_000 * 60_000;
        e.getEnvelope().setEventTime(Instant.ofEpochMilli(minute));
        stayEvents.add(e);
      }
    }

    // Half the stays that are moved after admission are moved within the admission's minute, as
    // when a patient is admitted through an admissions unit and moved to the ward at once.
    Map<String, CensusEvent> admissionOf = new HashMap<>();
    Random tie = new Random(5);
    for (CensusEvent e : stayEvents) {
      if (e.getChange() instanceof Admission a) {
        admissionOf.put(a.getStayRef(), e);
      } else if (e.getChange() instanceof Transfer t
          && admissionOf.containsKey(t.getStayRef())
          && tie.nextBoolean()) {
        e.getEnvelope()
            .setEventTime(admissionOf.remove(t.getStayRef()).getEnvelope().getEventTime());
      } else if (e.getChange() instanceof Transfer t) {
        admissionOf.remove(t.getStayRef());
      }
    }
    stayEvents.sort(
        (a, b) -> a.getEnvelope().getEventTime().compareTo(b.getEnvelope().getEventTime()));
    List<CensusInput> sequential = new ArrayList<>();
    List<CensusInput> uuids = new ArrayList<>();
    List<String> uuidOfEach = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < stayEvents.size(); i++) {
      sequential.add(decode(stayEvents.get(i), String.format("e%08d", i)));
      uuidOfEach.add(new UUID(random.nextLong(), random.nextLong()).toString());
      uuids.add(decode(stayEvents.get(i), uuidOfEach.get(i)));
    }
    Collections.shuffle(uuids, random);

    // The ties this test is about: events of one stay and instant whose UUIDs sort against the
    // order the source sent them in (which the sequential ids keep).
    assertThat(inversions(sequential, uuidOfEach)).isGreaterThan(20);
    assertThat(StayChanges.net(uuids)).isEqualTo(StayChanges.net(sequential));
  }

  private static CensusInput decode(CensusEvent event, String id) throws RejectedRecordException {
    event.getEnvelope().setEventId(id);
    return StayChanges.decode(SingleObjectCodec.of(CensusEvent.class).encode(event));
  }

  /** Events of one stay and instant, sent one after the other, whose UUIDs sort the other way. */
  private static int inversions(List<CensusInput> sequential, List<String> uuids) {
    int inversions = 0;
    for (int i = 0; i + 1 < sequential.size(); i++) {
      CensusInput a = sequential.get(i);
      for (int j = i + 1;
          j < sequential.size() && sequential.get(j).eventTime() == a.eventTime();
          j++) {
        if (sequential.get(j).stayRef().equals(a.stayRef())
            && uuids.get(i).compareTo(uuids.get(j)) > 0) {
          inversions++;
        }
      }
    }
    return inversions;
  }
}
