package se.sakervard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.sakervard.census.CensusInput;

/**
 * A week of two hospitals with 5% of the stay events registered again in error and cancelled: one
 * erroneous copy and one retraction per cancellation, and the same unit changes as the feed without
 * them.
 */
class CancelledStayEventsTest {
  @Test
  void shouldAddCancelledEventsThatChangeNoFigure() throws Exception {
    SimulationConfig week =
        new SimulationConfig(
            2, 7, Instant.parse("2025-03-01T00:00:00Z"), Duration.ofDays(7), FaultRates.none());
    List<CensusInput> plain = new ArrayList<>();
    new CensusSimulator(week).forEachRemaining(r -> plain.add(decode(r)));
    CancelledStayEvents feed = new CancelledStayEvents(new CensusSimulator(week), 0.05, 3);
    List<SimulatedRecord> records = new ArrayList<>();
    feed.forEachRemaining(records::add);
    List<CensusInput> withCancellations = records.stream().map(this::decode).toList();

    long inError = records.stream().filter(r -> r.kind() == RecordKind.IN_ERROR).count();
    long retractions = records.stream().filter(r -> r.kind() == RecordKind.RETRACTION).count();
    assertThat(inError).isEqualTo(feed.cancelled()).isEqualTo(retractions).isGreaterThan(50);
    assertThat(records).hasSize(plain.size() + 2 * (int) feed.cancelled());
    assertThat(StayChanges.net(withCancellations)).isEqualTo(StayChanges.net(plain));
  }

  private CensusInput decode(SimulatedRecord r) {
    try {
      return StayChanges.decode(r.value());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
