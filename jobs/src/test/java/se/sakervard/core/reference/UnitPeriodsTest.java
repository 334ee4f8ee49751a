package se.sakervard.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.sakervard.schemas.common.CareType;

class UnitPeriodsTest {
  private static final long OPEN = Long.MAX_VALUE;

  @Test
  void shouldFindThePeriodCoveringAnInstantWithTheEndExclusive() {
    // U1 in H1 from 100 to 200, then in H2 from 200 on.
    UnitPeriods periods =
        new UnitPeriods().with(period("H1", 100, 200)).with(period("H2", 200, OPEN));

    assertThat(periods.at(99)).as("before the unit opened").isNull();
    assertThat(periods.at(100).hospitalCode()).isEqualTo("H1");
    assertThat(periods.at(199).hospitalCode()).isEqualTo("H1");
    assertThat(periods.at(200).hospitalCode()).as("the move's instant is H2's").isEqualTo("H2");
  }

  @Test
  void shouldReplaceAPeriodPublishedAgainAndRemoveAWithdrawnOne() {
    UnitPeriods periods = new UnitPeriods().with(period("H1", 100, OPEN));

    // Closed at 300: published again with the same validFrom.
    UnitPeriods closed = periods.with(period("H1", 100, 300));
    assertThat(closed.periods).hasSize(1);
    assertThat(closed.at(300)).as("closed").isNull();
    assertThat(closed.at(299)).isNotNull();

    // Withdrawn (validTo = validFrom): as if never published.
    assertThat(closed.with(period("H1", 100, 100)).isEmpty()).isTrue();
  }

  private static UnitRecord period(String hospital, long from, long to) {
    return new UnitRecord("U1", hospital, "R1", CareType.SOMATIC, false, from, to, "Avd 1");
  }
}
