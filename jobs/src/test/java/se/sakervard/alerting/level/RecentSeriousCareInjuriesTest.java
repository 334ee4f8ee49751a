package se.sakervard.alerting.level;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.sakervard.alerting.Place;
import se.sakervard.alerting.level.RecentSeriousCareInjuries.Classified;
import se.sakervard.testing.KeyedOperator;

/** The serious care injuries of a place in the last 7 days, counted by hand. */
class RecentSeriousCareInjuriesTest {
  @RegisterExtension
  final KeyedOperator<Classified, LevelUpdate> operator =
      KeyedOperator.of(RecentSeriousCareInjuries::new, Classified::placeKey);

  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final Place U1 = Place.unit("R1", "R1-H1", "R1-H1-U1");

  @Test
  void shouldCountWhatLiesInTheSevenDaysUpToTheInstant() {
    // Classified on day 0, 3 and 6.5; as of day 7 the first is exactly 7 days old and out.
    List<Long> times = List.of(0L, 3 * DAY, 6 * DAY + DAY / 2);
    assertThat(RecentSeriousCareInjuries.countWithin(times, 6 * DAY + DAY / 2)).isEqualTo(3);
    assertThat(RecentSeriousCareInjuries.countWithin(times, 7 * DAY)).isEqualTo(2);
    assertThat(RecentSeriousCareInjuries.countWithin(times, 13 * DAY + DAY / 2)).isZero();
    // Not yet classified at day 2: only the first.
    assertThat(RecentSeriousCareInjuries.countWithin(times, 2 * DAY)).isEqualTo(1);
  }

  /**
   * Case A classified day 1, B day 3, A again day 4 (a reclassification: counted once), C day 2
   * arriving late after B. Counts: 1 (A), 2 (B), 2 (A again: no new row), 3 (C, as of day 3). Event
   * time moves to day 10: A leaves at day 8, C at day 9, B at day 10: 2, 1, 0.
   */
  @Test
  void shouldCountEachCaseOnceAndLetTheCountDropAsCasesAge() throws Exception {
    var harness = operator.harness();
    harness.processElement(new StreamRecord<>(new Classified(U1, "A", DAY), DAY));
    harness.processElement(new StreamRecord<>(new Classified(U1, "B", 3 * DAY), 3 * DAY));
    harness.processElement(new StreamRecord<>(new Classified(U1, "A", 4 * DAY), 4 * DAY));
    harness.processElement(new StreamRecord<>(new Classified(U1, "C", 2 * DAY), 2 * DAY));
    harness.processWatermark(10 * DAY);

    assertThat(harness.extractOutputValues())
        .extracting(u -> u.value().value() + " at day " + u.at() / DAY)
        .containsExactly(
            "1.0 at day 1",
            "2.0 at day 3",
            "3.0 at day 3",
            "2.0 at day 8",
            "1.0 at day 9",
            "0.0 at day 10");
    assertThat(harness.extractOutputValues())
        .allMatch(u -> u.value().input() == LevelInput.SERIOUS_CARE_INJURIES_7_DAYS)
        .allMatch(u -> u.place().equals(U1));
    // Versions grow, so a replay's rows replace rather than add.
    assertThat(harness.extractOutputValues())
        .extracting(u -> u.value().version())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    harness.close();
  }
}
