package se.sakervard.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.core.ingest.InputEvent;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.common.CareType;
import se.sakervard.schemas.pipeline.DeadLetterReason;

class KnownUnitsTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long OPEN = Long.MAX_VALUE;

  /** An event of a unit, placed: its hospital as the reference data gave it ("?" unplaced). */
  public record Event(String eventId, long eventTime, String unitCode, String hospitalCode)
      implements InputEvent {
    @Override
    public SourceRecord origin() {
      return new SourceRecord("events", 0, eventTime, eventId.getBytes());
    }

    Event placedIn(UnitRecord unit) {
      return new Event(eventId, eventTime, unitCode, unit.hospitalCode());
    }
  }

  private KeyedBroadcastOperatorTestHarness<String, Event, UnitRecord, Event> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new KnownUnits<>(
                "test",
                // U5 of H5 as the reference topic had it when the job started.
                UnitDirectory.of(List.of(period("U5", "H5", 0, OPEN))),
                Event::placedIn,
                Duration.ofHours(2),
                TypeInformation.of(Event.class)),
            Event::unitCode,
            Types.STRING,
            UnitDirectory.STATE);
  }

  /** The reference topic read to its end: from now on event time is the events' alone. */
  private void referenceRead() throws Exception {
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void shouldPlaceAnEventInThePeriodOfItsOwnTime() throws Exception {
    // U1 belongs to H1 until 10:00 and to H2 from then on.
    reference(period("U1", "H1", 0, 10 * HOUR));
    reference(period("U1", "H2", 10 * HOUR, OPEN));

    send(new Event("e1", 9 * HOUR, "U1", "?"));
    send(new Event("e2", 10 * HOUR, "U1", "?"));

    assertThat(harness.extractOutputValues())
        .extracting(Event::eventId, Event::hospitalCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("e1", "H1"),
            org.assertj.core.groups.Tuple.tuple("e2", "H2"));
  }

  @Test
  void shouldHoldAnEventOfAnUnknownUnitUntilItsReferenceArrives() throws Exception {
    // The unit's first event comes before its reference record (another topic, another reader).
    referenceRead();
    send(new Event("e1", 5 * HOUR, "U7", "?"));
    harness.processWatermark(6 * HOUR); // one hour later: still within the two-hour wait
    assertThat(harness.extractOutputValues()).isEmpty();

    reference(period("U7", "H3", 0, OPEN));

    assertThat(harness.extractOutputValues())
        .extracting(Event::eventId, Event::hospitalCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("e1", "H3"));
    harness.processWatermark(8 * HOUR);
    assertThat(deadLetters()).as("released, so never dead-lettered").isEmpty();
  }

  @Test
  void shouldKnowTheUnitsTheReferenceTopicHadAtTheStartFromTheFirstEvent() throws Exception {
    send(new Event("e1", 5 * HOUR, "U5", "?"));

    assertThat(harness.extractOutputValues()).extracting(Event::hospitalCode).containsExactly("H5");
  }

  @Test
  void shouldLetAnUpdateReplaceWhatTheStartHad() throws Exception {
    // U5 withdrawn since the start (published again with no length): unknown from then on.
    reference(period("U5", "H5", 0, 0));
    referenceRead();
    send(new Event("e1", 5 * HOUR, "U5", "?"));
    harness.processWatermark(7 * HOUR);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).extracting(DeadLetterRecord::eventId).containsExactly("e1");
  }

  @Test
  void shouldDeadLetterAnEventWhoseUnitStaysUnknownForTheWait() throws Exception {
    referenceRead();
    send(new Event("e1", 5 * HOUR, "U9", "?"));

    harness.processWatermark(7 * HOUR - 1);
    assertThat(deadLetters()).as("the wait has not run out").isEmpty();
    harness.processWatermark(7 * HOUR);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(DeadLetterReason.INVALID);
              assertThat(d.eventId()).isEqualTo("e1");
              assertThat(d.detail())
                  .contains("unit U9 has no record in the unit reference data")
                  .contains("units.unknown-unit-wait");
              assertThat(d.rawValue()).as("nothing lost").isEqualTo("e1".getBytes());
            });
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void shouldDeadLetterAnEventAfterItsUnitClosed() throws Exception {
    reference(period("U1", "H1", 0, 10 * HOUR));
    referenceRead();

    send(new Event("late", 11 * HOUR, "U1", "?"));
    harness.processWatermark(13 * HOUR);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.detail()).contains("has no reference period covering"));
  }

  @Test
  void shouldDeadLetterWhatIsStillHeldAtTheEndOfABoundedInput() throws Exception {
    referenceRead();
    send(new Event("e1", 5 * HOUR, "U9", "?"));

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.detail()).contains("by the end of the input"));
  }

  private void reference(UnitRecord unit) throws Exception {
    harness.processBroadcastElement(unit, 0);
  }

  private void send(Event e) throws Exception {
    harness.processElement(new StreamRecord<>(e, e.eventTime()));
  }

  private List<DeadLetterRecord> deadLetters() {
    var letters = harness.getSideOutput(DeadLetters.TAG);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }

  private static UnitRecord period(String unit, String hospital, long from, long to) {
    return new UnitRecord(unit, hospital, "R1", CareType.SOMATIC, false, from, to, unit);
  }
}
